// Links to this page, built from its URL object and never by joining its path into a string:
// a path that starts with "//" would otherwise turn into a protocol-relative link to another host.

/** The page at `pageUrl` with its query replaced by `query` (no "?"), without a fragment. */
export function withQuery(pageUrl, query) {
  const url = new URL(pageUrl);
  url.search = query;
  url.hash = '';
  return url.href;
}

/** The same view as a full page: the embed's "Open in Activation Explorer" link. */
export function fullPageLink(pageUrl) {
  const url = new URL(pageUrl);
  url.searchParams.delete('embed');
  url.searchParams.delete('controls');
  return withQuery(url.href, url.searchParams.toString());
}
