// Saving what a POST route answers with (a filing run's PDF, the clerk's CSV) as a download: printing
// is audited, so it is never a plain link. Throws an Error with a message to show.
export async function downloadFrom(url: string, fallbackName: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST' });
  } catch {
    throw new Error('The server could not be reached. Check your connection and try again.');
  }
  if (!response.ok) {
    const answer = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(answer?.error?.message ?? 'The file could not be made. Try again.');
  }
  const blob = await response.blob();
  const filename =
    /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by now; the address is no use after it.
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
  return filename;
}
