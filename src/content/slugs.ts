/**
 * Lesson slugs come from file names. Two files with one slug (config.md and config.mdx) would
 * silently shadow each other in the content store, so the id generator refuses the second one.
 */
export function slugFromEntry(folder: string) {
  const owners = new Map<string, string>();
  return ({ entry }: { entry: string }): string => {
    const slug = entry.replace(/\.(md|mdx)$/, '');
    const owner = owners.get(slug);
    if (owner !== undefined && owner !== entry) {
      throw new Error(
        `${folder}/${entry}: slug "${slug}" is already used by ${folder}/${owner} — rename or delete one of the two files`,
      );
    }
    owners.set(slug, entry);
    return slug;
  };
}
