// string-width for the bundle: yargs measures its help text with string-width, which builds an Intl.Segmenter and
// emoji regular expressions when it loads (about a third of yargs' start-up, bench/README.md). certrebind's help is
// text whose every character takes one column (no East Asian wide characters, no emoji, no combining marks), so its
// width is its count of code points, escape sequences (colours) left out.
const ESCAPES = /\u001B\[[0-9;]*m/g;

export default function stringWidth(text) {
  let width = 0;
  for (const _ of String(text).replace(ESCAPES, "")) width++;
  return width;
}
