// Plain HTML for the public pages, drawn on the server: every value escaped, one stylesheet (the
// CSP allows no inline style), no script: the pages work in any browser, fast on a phone.
export type Html = { readonly html: string };

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** A template whose values are escaped unless they are Html already (or lists of it). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return { html: out };
}

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  if (typeof value === 'object' && 'html' in value && typeof value.html === 'string') return value.html;
  return escapeHtml(String(value));
}

export const PUBLIC_CSS_PATH = '/apply-assets/public.css';

export function page(options: {
  lang: string;
  title: string;
  body: Html;
  switchHref?: string;
  switchLabel?: string;
  switchLang?: string;
}): string {
  const switcher =
    options.switchHref && options.switchLabel
      ? html`<nav class="lang" aria-label="${options.lang === 'es' ? 'Idioma' : 'Language'}"><a href="${options.switchHref}" lang="${options.switchLang ?? ''}" hreflang="${options.switchLang ?? ''}">${options.switchLabel}</a></nav>`
      : html``;
  return `<!doctype html>${
    html`<html lang="${options.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${options.title}</title><link rel="stylesheet" href="${PUBLIC_CSS_PATH}"></head><body><header class="top">${switcher}</header><main id="main">${options.body}</main></body></html>`
      .html
  }`;
}

export const PUBLIC_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:1.125rem;line-height:1.5;color:#1b1b1b;background:#fff}
.top{display:flex;justify-content:flex-end;padding:.5rem 1rem;border-bottom:1px solid #ccc}
main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.75rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.375rem;margin:2rem 0 .5rem}
h3{font-size:1.125rem;margin:1.25rem 0 .25rem}
a{color:#1a4f9c}
a:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,button:focus-visible{outline:3px solid #b35c00;outline-offset:2px}
fieldset{border:0;padding:0;margin:0 0 1.5rem;min-width:0}
legend{font-weight:700;font-size:1.25rem;padding:0;margin-bottom:.25rem}
.field{margin-bottom:1rem}
label{display:block;font-weight:600}
.hint{display:block;color:#4a4a4a;margin:.125rem 0 .25rem}
.error{display:block;color:#b00020;font-weight:700;margin:.125rem 0 .25rem}
input[type=text],input[type=tel],input[type=email],select,textarea{display:block;width:100%;max-width:100%;font:inherit;padding:.5rem;border:2px solid #4a4a4a;border-radius:4px;background:#fff;color:inherit}
input[aria-invalid=true],textarea[aria-invalid=true]{border-color:#b00020}
textarea{min-height:6rem}
.date{display:flex;gap:.75rem;flex-wrap:wrap}
.date .field{margin:0}
.date input{width:4.5rem}
.date .year input{width:6rem}
.check{display:flex;gap:.5rem;align-items:flex-start;margin:.5rem 0}
.check input{width:1.5rem;height:1.5rem;margin:.125rem 0 0;flex:none}
.check label{font-weight:400}
.check .hint{font-size:1rem}
.counties{columns:1}
button{font:inherit;font-weight:700;padding:.75rem 1.25rem;border:0;border-radius:4px;background:#1a4f9c;color:#fff;cursor:pointer}
.summary{border:3px solid #b00020;padding:1rem;margin-bottom:1.5rem}
.summary h2{margin-top:0}
.notice{border-left:6px solid #1a4f9c;padding:.5rem 1rem;background:#f1f5fb}
.nothing{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.trap{display:none}
.matter{border-top:2px solid #ccc;margin-top:1.5rem}
.muted{color:#4a4a4a}
@media (min-width:48rem){.counties{columns:2}}
`;
