// The one inline style sheet and the one inline script of the HTML report, and the CSP that
// allows exactly these two by hash (reference ecosystem-and-style.md §5.1: hashes computed at
// build time, meta tag first in <head>; report-uri/frame-ancestors/sandbox are ignored in meta).
import {createHash} from 'node:crypto'

export const CSS = `
:root{color-scheme:light;--fg:#111827;--mut:#4b5563;--bd:#d1d5db;--bg2:#f3f4f6;--crit:#7f1d1d;--high:#b91c1c;--med:#b45309;--low:#1d4ed8;--info:#374151;--none:#15803d}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0 auto;max-width:1400px;padding:16px clamp(10px,3vw,28px);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","Liberation Sans","DejaVu Sans",sans-serif;color:var(--fg);background:#fff;overflow-wrap:break-word}
h1{font-size:22px;margin:0 0 6px;line-height:1.25}h2{font-size:19px;margin:28px 0 8px;border-bottom:2px solid var(--bd);padding-bottom:4px}
h3{font-size:16px;margin:22px 0 6px}h4{font-size:14px;margin:14px 0 4px}
p{margin:6px 0}ul{margin:4px 0;padding-left:22px}
.mut{color:var(--mut)}.small{font-size:12px}.nw{white-space:nowrap}.pr{display:none}
code,.mono{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"Liberation Mono","DejaVu Sans Mono",monospace;font-size:12px}
.brk{overflow-wrap:anywhere}
.tw{overflow-x:auto;max-width:100%;margin:6px 0 12px}
.tw>table{margin:0}
table{border-collapse:collapse;width:100%;margin:6px 0 12px}
th,td{border:1px solid var(--bd);padding:4px 6px;text-align:left;vertical-align:top;overflow-wrap:break-word}
th{background:var(--bg2);font-weight:600}
tbody tr:nth-child(even){background:#fafafa}
table.kf{min-width:720px}table.inv{min-width:760px}table.sum{min-width:480px}
table.kf td:last-child,table.kf th:last-child{white-space:nowrap}
.tlw{overflow-x:auto;max-width:100%}
table.tl{table-layout:fixed;margin:0;min-width:1100px}
table.tl td{overflow-wrap:anywhere}
.chunk{content-visibility:auto;contain-intrinsic-size:auto 32000px}
.chunk[hidden]{display:none}
.c-n{width:11.5em}.c-t{width:10.5em}.c-ty{width:13em}.c-i{width:8em}.c-s{width:14em}
tr:target,div:target{outline:3px solid #f59e0b;background:#fffbeb}
.sev,.lvl,.role{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-weight:600;font-size:12px;text-transform:uppercase;white-space:nowrap}
.s-critical{background:var(--crit)}.s-high{background:var(--high)}.s-medium{background:var(--med)}.s-low{background:var(--low)}.s-info{background:var(--info)}.s-none{background:var(--none)}.s-not-evaluated{background:#6b21a8}
.r-pts{background:#e5e7eb;color:#111827}.r-ctx{background:#fff;color:var(--mut);border:1px solid var(--bd)}
.verdict{border:1px solid var(--bd);border-left:8px solid var(--none);padding:8px 14px;margin:8px 0}
.verdict.l-high{border-left-color:var(--high)}.verdict.l-medium{border-left-color:var(--med)}.verdict.l-low{border-left-color:var(--low)}.verdict.l-not-evaluated{border-left-color:#6b21a8;border-style:dashed}
.verdict h3{margin-top:6px}
.verdict .big{font-size:16px;font-weight:600;margin-bottom:2px}
.facts li{margin:4px 0}
.caveat{background:#fffbeb;border:1px solid #fcd34d;padding:6px 8px}
details.how summary{cursor:pointer;color:var(--mut)}
dl.meta{display:flex;flex-wrap:wrap;gap:4px 24px;margin:6px 0}dl.meta div{display:flex;gap:6px}dl.meta dt{font-weight:600}dl.meta dd{margin:0}
.finding{border:1px solid var(--bd);padding:6px 10px;margin:8px 0}
.finding h4{margin:2px 0 4px}
.vals li{margin:2px 0}
.evs a{margin-right:6px}
.cc{background:#fde68a;color:#7c2d12;border-radius:2px;padding:0 1px;font-family:ui-monospace,monospace;font-size:11px}
.raw{display:block;color:var(--mut);font-family:ui-monospace,"Liberation Mono","DejaVu Sans Mono",monospace;font-size:11px;margin-top:2px}
.flds{display:block;font-size:12px;margin-top:2px}
.flds span{margin-right:8px}
.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:6px 0;padding:6px;background:var(--bg2);border:1px solid var(--bd)}
.filters[hidden]{display:none}
.filters input,.filters select{font:inherit;padding:2px 4px;max-width:100%}
.filters input{min-width:min(260px,100%)}
figure.fig{margin:8px 0 14px;overflow-x:auto}figure.fig figcaption{font-size:12px;color:var(--mut)}
svg.chart{display:block;width:100%;height:auto;max-width:1000px;min-width:620px}
svg.chart text{font:12px system-ui,Arial,"Liberation Sans","DejaVu Sans",sans-serif}
svg.heat{max-width:100%;height:auto}
svg.heat text{font:11px system-ui,Arial,"Liberation Sans","DejaVu Sans",sans-serif}
nav ul{columns:2}
@media (max-width:600px){nav ul{columns:1}h1{font-size:19px}body{font-size:13.5px}}
/* print: no fixed paper size (A4 or Letter, whatever the print dialog says); every width below fits
   the narrower A4. The main part (summary, key facts, charts, findings) is compact; the timeline and
   inventory appendices start on a new page in a small font with field lists capped at two lines and
   raw records left out (both stay on screen and in the exports). Breaks fall between words only. */
@page{margin:13mm 10mm 12mm}
@page{@bottom-right{content:"Page " counter(page) " of " counter(pages);font:8px Arial,"Liberation Sans",sans-serif;color:#4b5563}}
@media print{
  body{max-width:none;padding:0;font-size:9px;line-height:1.3}
  .filters,.filters:not([hidden]){display:none!important}
  .scr{display:none!important}span.pr{display:inline}li.pr{display:list-item}
  tr[hidden]{display:table-row!important}
  .chunk,.chunk[hidden]{display:block!important;content-visibility:visible}
  .tw,.tlw,figure.fig{overflow:visible}
  h1{font-size:15px}h2{font-size:12.5px;margin:8px 0 3px;padding-bottom:2px}h3{font-size:11px;margin:8px 0 3px}h4{font-size:9.5px;margin:5px 0 2px}
  p{margin:2px 0}ul{padding-left:14px;margin:1px 0}
  .small,figure.fig figcaption{font-size:8px}
  code,.mono{font-size:7.5px}
  .sev,.lvl,.role{font-size:7.5px;padding:0 3px}
  table{font-size:8px;margin:2px 0 5px}th,td{padding:1px 3px}
  table.kf,table.inv,table.sum,table.tl{min-width:0}
  table.kf .nw,table.kf td:last-child,table.tl .nw{white-space:normal}
  td,th{overflow-wrap:break-word;word-break:normal;hyphens:none}
  .verdict{padding:3px 8px;margin:4px 0}.verdict .big{font-size:10.5px}
  .fl{columns:2;column-gap:4mm}
  .finding{padding:2px 5px;margin:0 0 3mm}
  .finding h4{margin:1px 0 2px;font-size:9px}.finding p{margin:1px 0}
  .vals li{margin:0}.evs a{margin-right:3px}
  table.tl{font-size:7.5px}table.tl .mono,table.tl .small{font-size:7px}
  table.tl td{overflow-wrap:break-word}
  table.tl .flds{font-size:7px;display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden}
  table.tl .raw{display:none}
  .c-n{width:21mm}.c-t{width:16mm}.c-ty{width:19mm}.c-i{width:16mm}.c-s{width:30mm}
  table.inv{font-size:7.5px}
  .evs>a,.evs>span{white-space:nowrap}
  tr,.finding,.verdict,svg,figure,.caveat{break-inside:avoid}
  h2,h3,h4{break-after:avoid}
  /* a case's appendix (timeline, then inventory) starts on a new page, and so does the next case;
     the inventory, links and method flow on after the timeline */
  .appendix,section.case~section.case{break-before:page}
  h3.appendix~h3.appendix,#method .appendix{break-before:auto}
  a{color:inherit;text-decoration:none}
  .finding a[rel]{text-decoration:underline}
  nav,details.how{display:none}
  figure.fig{margin:3px 0}
  svg.chart{max-width:100%;min-width:0;max-height:62mm}
  svg.heat{max-height:60mm}
}
`

export const SCRIPT = `
(function(){'use strict';
var SEV={none:0,info:1,low:2,medium:3,high:4,critical:5};
var bars=document.querySelectorAll('.filters');
for(var i=0;i<bars.length;i++)bars[i].hidden=false;
var cache=new Map();
function rowsOf(t){var x=cache.get(t);if(x)return x;var rows=t.querySelectorAll('tbody tr[id]'),tx=[];for(var j=0;j<rows.length;j++)tx.push(rows[j].textContent.toLowerCase());x={rows:rows,tx:tx,chunks:t.querySelectorAll('.chunk')};cache.set(t,x);return x;}
function apply(bar){
  var t=document.getElementById(bar.getAttribute('data-for'));if(!t)return;
  var q=bar.querySelector('.f-text').value.trim().toLowerCase();
  var ty=bar.querySelector('.f-type').value;
  var sv=bar.querySelector('.f-sev').value;var min=sv===''?-1:SEV[sv];
  var x=rowsOf(t),rows=x.rows,shown=0;
  for(var j=0;j<rows.length;j++){var r=rows[j];
    var ok=(!ty||r.getAttribute('data-type')===ty)&&(min<0||(SEV[r.getAttribute('data-sev')]||0)>=min)&&(!q||x.tx[j].indexOf(q)>=0);
    if(r.hidden===ok)r.hidden=!ok;if(ok)shown++;}
  for(var k=0;k<x.chunks.length;k++){var c=x.chunks[k],n=c.querySelectorAll('tbody tr[id]:not([hidden])').length;
    c.hidden=n===0&&k>0;c.style.containIntrinsicSize='auto '+(n*64+40)+'px';}
  bar.querySelector('.f-count').textContent=shown+' of '+rows.length+' events shown';
}
function onEdit(e){var b=e.target&&e.target.closest?e.target.closest('.filters'):null;if(b)apply(b);}
document.addEventListener('input',onEdit);
document.addEventListener('change',onEdit);
document.addEventListener('click',function(e){
  var a=e.target&&e.target.closest?e.target.closest('a[href^="#ev-"]'):null;if(!a)return;
  var r=document.getElementById(a.getAttribute('href').slice(1));if(r){r.hidden=false;var c=r.closest('.chunk');if(c)c.hidden=false;}
});
})();
`

export const sha256Base64 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('base64')

/** Strict policy for a page whose one style block is `css`: nothing loads, only our two inline blocks apply. */
export function cspFor(css: string): string {
  return [
    "default-src 'none'",
    `script-src 'sha256-${sha256Base64(SCRIPT)}'`,
    `style-src 'sha256-${sha256Base64(css)}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ')
}

/** The policy of a page with the fixed style sheet only. */
export const CSP = cspFor(CSS)

/**
 * A CSS string literal that cannot end early or smuggle markup: everything outside a small
 * safe set becomes a `\HHHHHH ` escape (CSS Syntax §4.3.7), so `"`, `\`, `<` and newlines are inert.
 */
export function cssString(s: string): string {
  let out = ''
  for (const ch of s) out += /[A-Za-z0-9 _.,:;()#/+-]/.test(ch) ? ch : `\\${ch.codePointAt(0)!.toString(16).padStart(6, '0')} `
  return `"${out}"`
}

/** The running page header of the printed report: case ids and case number (report text, so escaped). */
export function pageCss(header: string): string {
  return `@page{@top-left{content:${cssString(header.slice(0, 160))};font:9px Arial,"Liberation Sans",sans-serif;color:#4b5563}}\n`
}
