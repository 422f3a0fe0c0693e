// Framework versions saved in two offices at once (design/SYNC.md: both are kept, each with the
// same number of the same lineage): the list marks each of them.

/** The ids of versions another version of the same lineage shares its number with. */
export function forkedIds(list: { id: string; lineageId: string; version: number }[]): Set<string> {
  const seen = new Map<string, string[]>();
  for (const f of list) {
    const key = `${f.lineageId}\u001f${f.version}`;
    seen.set(key, [...(seen.get(key) ?? []), f.id]);
  }
  return new Set([...seen.values()].filter((ids) => ids.length > 1).flat());
}
