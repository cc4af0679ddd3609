// The run's export (docs/lab.md): the JSON the trainer writes, saved as a file named after the
// run's dataset and seed.

/** The export's file name: activation-lab-spiral-seed7.json. */
export function exportFileName(settings) {
  return `activation-lab-${settings.dataset}-seed${settings.seed}.json`;
}

/** Saves `json` as a download named `name`; the object URL is let go once the download has it. */
export function saveJson(json, name) {
  const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
