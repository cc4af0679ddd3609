// The iframe snippet "Copy embed code" writes. Pure (no DOM), so Node tests check it.

// Heights in CSS pixels of what an embed shows in its compact layout (explorer.css), measured in
// Chromium at 700 px wide; the browser suite frames each snippet at its height and checks
// that every control and the whole plot are visible without scrolling.
const PLOT_HEIGHT = 360;
const FRAME_CHROME = 16 + 23 + 8; // body padding, the caption line with the "Open" link, the gap below it
const CARD_PADDING = 20; // the card that holds a function's sliders
const PARAMETER_HEIGHT = 90; // slider with its value above and ticks below, then the exact field and presets

/** A frame height that fits the plot and one control per parameter, rounded up to 10 px. */
export function embedHeight(parameters) {
  const controls = parameters.length > 0 ? CARD_PADDING + parameters.length * PARAMETER_HEIGHT : 0;
  return Math.ceil((PLOT_HEIGHT + FRAME_CHROME + controls) / 10) * 10;
}

/** `<iframe …>` for a page address, with a title for screen readers. */
export function embedSnippet({ src, title, height }) {
  return `<iframe src="${escapeAttribute(src)}" title="${escapeAttribute(title)}" width="100%" height="${height}" loading="lazy" style="border:0"></iframe>`;
}

function escapeAttribute(text) {
  return text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
}

/** The lab's compact embed: the toolbar, the folded settings, the summary and two rows of charts. */
export const LAB_EMBED_HEIGHT = 620;
