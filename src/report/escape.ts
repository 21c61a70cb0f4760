// One place that makes a label or a path safe for each output. File paths
// come from the pull request's author and sheet, part and header labels from
// the file: none of them may be interpreted by what shows them.
//
// - terminal and CI log (`forTerminal`): control characters (C0, DEL, C1
//   including the CSI U+009B), bidi controls (U+202A-U+202E, U+2066-U+2069)
//   and other invisible format characters are shown as `\u001b`: no escape
//   sequence reaches a terminal, no line break starts a workflow command;
//   (workflow-command data and properties are further encoded by
//   @actions/core: `%`, CR, LF, `:` and `,`; the Action's log is written
//   between `::stop-commands::` markers);
// - Markdown (`forMarkdown`): the same, and every character Markdown or HTML
//   gives a meaning (links, images, emphasis, code spans, table pipes,
//   mentions, autolinks) written as an HTML character reference, which
//   renders as the character and is never parsed. Line breaks are already
//   `\u000a`, so a label never leaves its line or table cell.

/** Characters never written as they are: C0, DEL, C1, zero-width and bidi controls, line and paragraph separators, BOM. */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g

/** The same, past C0 (JSON.stringify escapes C0 itself, and its indentation is made of C0 characters). */
const INVISIBLE_PAST_C0 = /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g

const hex = (c: string): string => '\\u' + (c.codePointAt(0) as number).toString(16).padStart(4, '0')

/** For a terminal, a log, a plain-text report: invisible and control characters as `\uXXXX`. */
export function forTerminal(s: string): string {
  return s.replace(INVISIBLE, hex)
}

/** JSON text with the invisible characters JSON.stringify leaves raw (DEL, C1, bidi) as `\uXXXX`: the same data. */
export function jsonSafe(json: string): string {
  return json.replace(INVISIBLE_PAST_C0, hex)
}

/**
 * Characters Markdown, GitHub's extensions or HTML read as syntax: HTML tags
 * and entities, code spans, link and image brackets (without `[` and `]` no
 * link or image can form), emphasis and strikethrough, table pipes,
 * mentions, issue references, math, backslash escapes.
 */
const MARKDOWN = /[&<>`[\]|*_~#@\\$]/g

/** For Markdown text or a table cell, on one line: every character shown as it is, none interpreted. */
export function forMarkdown(s: string): string {
  // Autolinks need `://` or `www.`; with `:` and `.` written as references there are none.
  return forTerminal(s)
    .replace(MARKDOWN, (c) => `&#${c.charCodeAt(0)};`)
    .replace(/:\/\//g, '&#58;//')
    .replace(/(www)\./gi, '$1&#46;')
}

/** A path or label in a code span: `<code>` with the same escaping (an HTML element's content is Markdown on GitHub). */
export function mdCode(s: string): string {
  return `<code>${forMarkdown(s)}</code>`
}
