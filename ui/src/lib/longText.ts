// When a person's text folds behind "Show more" (LongText.svelte): past 5 lines or about as many
// characters as 5 lines of a card hold.

export const FOLD_LINES = 5;
export const FOLD_CHARS = 400;

export function isLong(text: string): boolean {
  return text.length > FOLD_CHARS || text.split("\n").length > FOLD_LINES;
}
