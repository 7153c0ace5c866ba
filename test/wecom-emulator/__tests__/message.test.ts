/** `message/send` of the WeCom emulator, as docs/wecom-api.md ("Sending app messages") describes it. */
import { WecomEmulator } from '..';

const CORP = 'wwcorp0002';
const AGENT = '1000002';
const SECRET = 'test-secret';

let emu: WecomEmulator;
const token = async (): Promise<string> =>
  (await (await fetch(`${emu.baseUrl}/cgi-bin/gettoken?corpid=${CORP}&corpsecret=${SECRET}`)).json()).access_token;
const send = async (body: unknown, accessToken?: string): Promise<any> =>
  (
    await fetch(`${emu.baseUrl}/cgi-bin/message/send?access_token=${accessToken ?? (await token())}`, {
      method: 'POST',
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })
  ).json();
const text = (touser: string, content = 'hello') => ({ touser, msgtype: 'text', agentid: 1000002, text: { content } });

beforeAll(async () => {
  emu = await WecomEmulator.start({
    corpId: CORP,
    agentId: AGENT,
    secret: SECRET,
    members: [
      { userid: 'Alice', name: 'Alice' },
      { userid: 'bob', name: 'Bob', department: [2] },
      { userid: 'outsider', name: 'Out', inScope: false },
      { userid: 'nolicense', name: 'NL', unlicensed: true },
      { userid: 'wechat', name: 'Guest', nonMember: true },
    ],
    departments: [
      { id: 1, name: 'Company', parentid: 0 },
      { id: 2, name: 'Sales', parentid: 1 },
    ],
  });
});
afterAll(() => emu.stop());
beforeEach(() => emu.clearMessages());

test('delivers to members, reports unknown and unlicensed ids in lower case, keeps each inbox', async () => {
  const answer = await send(text('ALICE|Ghost|outsider|wechat|NoLicense'));
  expect(answer).toMatchObject({
    errcode: 0,
    errmsg: 'ok',
    invaliduser: 'ghost|outsider|wechat',
    unlicenseduser: 'nolicense',
    msgid: expect.any(String),
  });
  expect(emu.received('alice')).toEqual([expect.objectContaining({ msgtype: 'text', content: { content: 'hello' } })]);
  expect(emu.received('nolicense')).toEqual([]);
  expect((await send({ ...text(''), toparty: '2|99' })).invalidparty).toBe('99');
  expect(emu.received('bob')).toHaveLength(1);
  const phone = await (await fetch(`${emu.baseUrl}/sandbox/messages?userid=ALICE`)).json();
  expect(phone.messages).toEqual([expect.objectContaining({ msgtype: 'text', content: { content: 'hello' } })]);
});

test('refusals: nobody valid, no receiver, too many, wrong agentid, bad bodies, GET, token', async () => {
  expect((await send(text('ghost|outsider'))).errcode).toBe(81013);
  expect((await send(text(''))).errcode).toBe(82001);
  const many = Array.from({ length: 1001 }, (_, i) => `u${i}`).join('|');
  expect((await send(text(many))).errcode).toBe(40035);
  expect((await send({ ...text('alice'), agentid: '1000002' })).errcode).toBe(40056);
  expect((await send({ ...text('alice'), agentid: 1000003 })).errcode).toBe(40056);
  expect((await send({ ...text('alice'), msgtype: 'video' })).errcode).toBe(40008);
  expect((await send(text('alice', ''))).errcode).toBe(44004);
  expect((await send('not json')).errcode).toBe(47001);
  const get = await fetch(`${emu.baseUrl}/cgi-bin/message/send?access_token=${await token()}`);
  expect((await get.json()).errcode).toBe(43002);
  expect((await send(text('alice'), 'bad-token')).errcode).toBe(40014);
  expect(emu.received('alice')).toEqual([]);
});

test('cuts texts past their byte limits as WeCom does, mid-character included', async () => {
  const long = '汉'.repeat(700); // 2100 bytes
  await send(text('alice', long));
  const [message] = emu.received('alice');
  // 682 whole characters (2046 bytes), then the two bytes of a split one, which a reader shows as U+FFFD.
  expect(message.content.content).toBe(`${'汉'.repeat(682)}\uFFFD`);
  expect(message.cut).toEqual(['content']);

  const card = { title: 't'.repeat(129), description: 'd', url: 'https://nb.example.com/x', btntxt: '查看详情内容' };
  await send({ touser: 'alice', msgtype: 'textcard', agentid: 1000002, textcard: card });
  const delivered = emu.received('alice')[1];
  expect(delivered.content).toMatchObject({ title: 't'.repeat(128), btntxt: '查看详情' });
  expect(delivered.cut).toEqual(['title', 'btntxt']);
  const noScheme = { touser: 'alice', msgtype: 'textcard', agentid: 1000002, textcard: { ...card, url: 'nb/x' } };
  expect((await send(noScheme)).errcode).toBe(40035);
  const markdown = { touser: 'alice', msgtype: 'markdown', agentid: 1000002, markdown: { content: 'x'.repeat(2049) } };
  expect((await send(markdown)).errcode).toBe(45002);
  const card2 = {
    card_type: 'text_notice',
    main_title: { title: 'T' },
    card_action: { type: 1, url: 'https://a.b/c' },
  };
  expect(
    (await send({ touser: 'alice', msgtype: 'template_card', agentid: 1000002, template_card: card2 })).errcode,
  ).toBe(0);
  const noAction = { ...card2, card_action: undefined };
  expect(
    (await send({ touser: 'alice', msgtype: 'template_card', agentid: 1000002, template_card: noAction })).errcode,
  ).toBe(40035);
});

test('a member gets at most 30 messages a minute; the rest are dropped without an error', async () => {
  for (let i = 0; i < 31; i++) {
    expect((await send(text('bob', `m${i}`))).errcode).toBe(0);
  }
  expect(emu.received('bob')).toHaveLength(30);
  expect(emu.droppedMessages).toBe(1);
});

test('faults and token expiry apply to message/send', async () => {
  emu.failNext('message/send', { errcode: -1 });
  expect((await send(text('alice'))).errcode).toBe(-1);
  const old = await token();
  emu.expireTokens(42001);
  expect((await send(text('alice'), old)).errcode).toBe(42001);
  expect(emu.calls['message/send']).toBeGreaterThan(0);
});
