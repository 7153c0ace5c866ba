/**
 * The flat XML WeCom's callbacks carry (`<xml><Name><![CDATA[value]]></Name>...</xml>`): one level of elements,
 * each text or CDATA. Anything else (attributes, nesting, doctype, entities other than the five predefined) is
 * refused: null, never a guess.
 */
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const ELEMENT = /^<([A-Za-z][A-Za-z0-9_]*)>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/\1>/;
const MAX_LENGTH = 64 * 1024;

export function parseFlatXml(text: string): Record<string, string> | null {
  if (typeof text !== 'string' || text.length > MAX_LENGTH) {
    return null;
  }
  const body = /^\s*<xml>([\s\S]*)<\/xml>\s*$/.exec(text)?.[1];
  if (body === undefined) {
    return null;
  }
  const fields: Record<string, string> = {};
  let rest = body.trim();
  while (rest) {
    const match = ELEMENT.exec(rest);
    if (!match) {
      return null;
    }
    const [whole, name, cdata, plain] = match;
    const value = cdata ?? decodeEntities(plain);
    if (value === null || name in fields) {
      return null;
    }
    fields[name] = value;
    rest = rest.slice(whole.length).trim();
  }
  return fields;
}

function decodeEntities(text: string): string | null {
  let bad = false;
  const decoded = text.replace(/&([a-z]+);|&/g, (whole, name) => {
    if (name && ENTITIES[name]) {
      return ENTITIES[name];
    }
    bad = true;
    return whole;
  });
  return bad ? null : decoded;
}
