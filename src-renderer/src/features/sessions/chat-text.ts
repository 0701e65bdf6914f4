/**
 * What the composer sends: line ends as LF only (a pasted CRLF or a lone CR becomes one LF; the core refuses
 * CR in chat text), and nothing when the text is only white space.
 */
export function normalizeChatText(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

export function isSendable(text: string): boolean {
  return normalizeChatText(text).trim() !== '';
}
