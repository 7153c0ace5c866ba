/**
 * The benchmark's data, created once in the server process: the WeCom authenticator (pointed at the
 * driver's emulator), the floor authenticator, users with a phone and a password, and the bindings of the
 * members that count as already signed in once.
 */
import { AUTH_TYPE } from '../../src/constants';
import { bindingUuid } from '../../src/server/accounts/users';
import {
  boundPerson,
  CORP,
  FLOOR_AUTH_TYPE,
  FLOOR_AUTHENTICATOR,
  firstPerson,
  PASSWORD,
  Person,
  range,
  WECOM_AUTHENTICATOR,
} from '../people';

export interface SeedRequest {
  members: number;
  firstMembers: number;
  /** The emulator's base URL: every WeCom host of the authenticator points there. */
  emulatorUrl: string;
}

/** The WeCom authenticator, every WeCom host pointed at the driver's emulator. */
export async function createWecomAuthenticator(app: any, emulatorUrl: string) {
  await app.db.getRepository('authenticators').create({
    values: {
      name: WECOM_AUTHENTICATOR,
      authType: AUTH_TYPE,
      enabled: true,
      options: {
        public: { autoSignup: false },
        wecom: { ...CORP, apiBaseUrl: emulatorUrl, oauthBaseUrl: emulatorUrl, ssoBaseUrl: emulatorUrl },
      },
    },
  });
}

export async function seed(app: any, request: SeedRequest) {
  const authenticators = app.db.getRepository('authenticators');
  await createWecomAuthenticator(app, request.emulatorUrl);
  await authenticators.create({
    values: {
      name: FLOOR_AUTHENTICATOR,
      authType: FLOOR_AUTH_TYPE,
      enabled: true,
      options: { binding: WECOM_AUTHENTICATOR, corpId: CORP.corpId },
    },
  });
  const bound = range(request.members, boundPerson);
  const first = range(request.firstMembers, firstPerson);
  const users = await createUsers(app, [...bound, ...first]);
  await app.db.getRepository('usersAuthenticators').createMany({
    records: bound.map((person, index) => ({
      authenticator: WECOM_AUTHENTICATOR,
      userId: users[index].get('id'),
      uuid: bindingUuid(person.userid),
      nickname: person.username,
      avatar: '',
      meta: { userid: person.userid, corpId: CORP.corpId },
    })),
  });
  return { users: users.length, bindings: bound.length };
}

/**
 * Users through the repository (so every hook runs: default role and the rest), then one password hash
 * written to all of them at once: hashing it per user would cost a scrypt each and tell nothing.
 */
async function createUsers(app: any, people: Person[]) {
  const repository = app.db.getRepository('users');
  const users = await repository.createMany({
    records: people.map((person) => ({ username: person.username, nickname: person.username, phone: person.phone })),
  });
  const hash = await app.db.getCollection('users').getField('password').hash(PASSWORD);
  const ids = users.map((user: any) => user.get('id'));
  await app.db.getModel('users').update({ password: hash }, { where: { id: ids }, hooks: false });
  return users;
}

/** Undoes the first sign-ins of a run, so the next run signs the same members in for the first time again. */
export async function unbindFirstMembers(app: any, count: number) {
  const uuids = range(count, (index) => bindingUuid(firstPerson(index).userid));
  return app.db.getRepository('usersAuthenticators').destroy({
    filter: { authenticator: WECOM_AUTHENTICATOR, uuid: { $in: uuids } },
  });
}
