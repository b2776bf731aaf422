// The one inline style sheet and the one inline script of the HTML report, and the CSP that
// allows exactly these two by hash (reference ecosystem-and-style.md §5.1: hashes computed at
// build time, meta tag first in <head>; report-uri/frame-ancestors/sandbox are ignored in meta).
import {createHash} from 'node:crypto'

export const CSS = `
:root{color-scheme:light;--fg:#111827;--mut:#4b5563;--bd:#d1d5db;--bg2:#f3f4f6;--crit:#7f1d1d;--high:#b91c1c;--med:#b45309;--low:#1d4ed8;--info:#374151;--none:#15803d}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1400px;padding:16px 24px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--fg);background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 8px;border-bottom:2px solid var(--bd);padding-bottom:4px}
h3{font-size:16px;margin:20px 0 6px}h4{font-size:14px;margin:12px 0 4px}
p{margin:6px 0}ul{margin:4px 0;padding-left:22px}
.mut{color:var(--mut)}.small{font-size:12px}
code,.mono{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:12px}
.brk{overflow-wrap:anywhere;word-break:break-word}
table{border-collapse:collapse;width:100%;margin:6px 0 12px}
th,td{border:1px solid var(--bd);padding:4px 6px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:var(--bg2);font-weight:600}
tbody tr:nth-child(even){background:#fafafa}
table.tl{table-layout:fixed;margin:0}
table.tl td{overflow-wrap:break-word}
.chunk{content-visibility:auto;contain-intrinsic-size:auto 32000px}
.chunk[hidden]{display:none}
.c-n{width:5.5em}.c-t{width:11em}.c-ty{width:12em}.c-i{width:8em}.c-s{width:16em}
tr:target,div:target{outline:3px solid #f59e0b;background:#fffbeb}
.sev,.lvl{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-weight:600;font-size:12px;text-transform:uppercase}
.s-critical{background:var(--crit)}.s-high{background:var(--high)}.s-medium{background:var(--med)}.s-low{background:var(--low)}.s-info{background:var(--info)}.s-none{background:var(--none)}.s-not-evaluated{background:#6b21a8}
.verdict{border:1px solid var(--bd);border-left:8px solid var(--none);padding:8px 12px;margin:8px 0}
.verdict.l-high{border-left-color:var(--high)}.verdict.l-medium{border-left-color:var(--med)}.verdict.l-low{border-left-color:var(--low)}.verdict.l-not-evaluated{border-left-color:#6b21a8;border-style:dashed}
.verdict .big{font-size:18px;font-weight:700}
.finding{border:1px solid var(--bd);padding:6px 10px;margin:8px 0}
.finding h4{margin:2px 0 4px}
.evs a{margin-right:6px}
.cc{background:#fde68a;color:#7c2d12;border-radius:2px;padding:0 1px;font-family:ui-monospace,monospace;font-size:11px}
.raw{display:block;color:var(--mut);font-family:ui-monospace,monospace;font-size:11px;margin-top:2px}
.flds{display:block;font-size:12px;margin-top:2px}
.flds span{margin-right:8px}
.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:6px 0;padding:6px;background:var(--bg2);border:1px solid var(--bd)}
.filters[hidden]{display:none}
.filters input,.filters select{font:inherit;padding:2px 4px}
.filters input{min-width:260px}
svg.heat text{font:11px system-ui,sans-serif}
nav ul{columns:2}
@media print{
  body{max-width:none;padding:0;font-size:11px}
  .filters,.filters:not([hidden]){display:none!important}
  tr[hidden]{display:table-row!important}
  .chunk,.chunk[hidden]{display:block!important;content-visibility:visible}
  tr,.finding,.verdict,svg{break-inside:avoid}
  h2{break-after:avoid}
  a{color:inherit;text-decoration:none}
  nav{display:none}
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

/** Strict policy: nothing loads, and only the two inline blocks above may run or apply. */
export const CSP = [
  "default-src 'none'",
  `script-src 'sha256-${sha256Base64(SCRIPT)}'`,
  `style-src 'sha256-${sha256Base64(CSS)}'`,
  "base-uri 'none'",
  "form-action 'none'",
].join('; ')
