/** The results list marks its items; the search box and the list move the keyboard focus between them. */
export const SEARCH_RESULT_ATTRIBUTE = 'data-search-result';

function results(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>(`[${SEARCH_RESULT_ATTRIBUTE}]`)];
}

export function focusFirstSearchResult(): void {
  results()[0]?.focus();
}

/** Arrow Up/Down from one result to the next; Up from the first goes back to the search box. */
export function moveSearchFocus(from: HTMLElement, step: 1 | -1): void {
  const all = results();
  const index = all.indexOf(from) + step;
  if (index < 0) document.getElementById('history-search-input')?.focus();
  else all[Math.min(index, all.length - 1)]?.focus();
}
