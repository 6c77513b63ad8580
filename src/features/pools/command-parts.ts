import { isCommandPlaceholder } from '../../../contracts/health.ts';

/** Splits a command's shell text so placeholders (`'<new-device>'`, quoted by the server) can be highlighted. */
export function commandParts(text: string): { text: string; placeholder: boolean }[] {
  return text
    .split(/('?<[^<>'\s]+>'?)/)
    .filter((part) => part !== '')
    .map((part) => ({ text: part, placeholder: isCommandPlaceholder(part.replace(/^'|'$/g, '')) }));
}
