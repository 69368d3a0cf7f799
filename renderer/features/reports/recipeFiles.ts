/** Small pure helpers of the recipe panel: naming the files of a picked drop and the type of written files. */

/** The name a drop file is matched by: its path inside a picked folder when the browser gives one, else its name. */
export function dropFileName(file: { readonly name: string; readonly webkitRelativePath?: string }): string {
  const rel = file.webkitRelativePath ?? '';
  // A folder pick prefixes the folder itself (`drop/core/a.csv`); recipes match paths inside the drop.
  return rel.includes('/') ? rel.slice(rel.indexOf('/') + 1) : file.name;
}

/** MIME type of a file a recipe run wrote, by extension. */
export function mimeOf(path: string): string {
  if (path.endsWith('.html')) return 'text/html';
  if (path.endsWith('.json')) return 'application/json';
  if (path.endsWith('.csv')) return 'text/csv';
  if (path.endsWith('.xlsx')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  return 'application/octet-stream';
}
