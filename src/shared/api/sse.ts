/**
 * Server-sent events from a byte stream that arrives in arbitrary chunks (Cockpit's channel hands
 * over whatever the socket read): lines split on \n, \r\n or \r; `event:` and `data:` fields;
 * a blank line ends an event; comments (`: keep-alive`) are ignored. The text/event-stream format
 * of the HTML standard, the parts poolwatch's server sends.
 */
export function sseParser(onEvent: (type: string, data: string) => void): (chunk: string) => void {
  let buffer = '';
  let type = '';
  let data: string[] = [];
  const line = (l: string) => {
    if (l === '') {
      if (data.length > 0) onEvent(type || 'message', data.join('\n'));
      type = '';
      data = [];
      return;
    }
    if (l.startsWith(':')) return;
    const colon = l.indexOf(':');
    const field = colon < 0 ? l : l.slice(0, colon);
    let value = colon < 0 ? '' : l.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
  };
  return (chunk) => {
    buffer += chunk;
    // A \r at the very end may be half of a \r\n: keep it for the next chunk.
    const parts = buffer.split(/\r\n|\n|\r(?!$)/);
    buffer = parts.pop() ?? '';
    for (const p of parts) line(p);
  };
}
