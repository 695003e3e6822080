const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity) => {
    if (entity[0] === '#') {
      const code =
        entity[1].toLowerCase() === 'x'
          ? parseInt(entity.slice(2), 16)
          : parseInt(entity.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[entity] ?? whole;
  });
}

/**
 * The text of the first `<name>` element in an AWS XML document (query and REST-XML services:
 * `<Code>`, `<Message>`, `<RequestId>`), or undefined. AWS's documents are flat enough for
 * this, and it runs wherever the API client does, in a browser or in Node.
 */
export function xmlText(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  const text = match ? decodeEntities(match[1]).trim() : '';
  return text || undefined;
}
