import { describe, expect, it } from 'vitest';
import { sseParser } from './sse.ts';

function parse(chunks: string[]): [string, string][] {
  const out: [string, string][] = [];
  const feed = sseParser((type, data) => out.push([type, data]));
  for (const c of chunks) feed(c);
  return out;
}

describe('sseParser', () => {
  it('reads events split anywhere across chunks', () => {
    const stream = 'event: change\ndata: {"version":1}\n\n: keep-alive\n\nevent: job\ndata: {"id":"a"}\n\n';
    const whole = parse([stream]);
    expect(whole).toEqual([['change', '{"version":1}'], ['job', '{"id":"a"}']]);
    for (let i = 1; i < stream.length; i++) expect(parse([stream.slice(0, i), stream.slice(i)])).toEqual(whole);
  });

  it('joins multi-line data, defaults the type, and accepts \\r\\n line ends', () => {
    expect(parse(['data: a\r\ndata: b\r\n\r', '\ndata:c\r\n\r\n'])).toEqual([['message', 'a\nb'], ['message', 'c']]);
  });

  it('emits nothing for an event that is not finished yet', () => {
    expect(parse(['event: change\ndata: {}\n'])).toEqual([]);
  });
});
