/** The stylesheet of every example page (served by `siteBasics` at /assets/site.css). */
export const STYLESHEET = `*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1f2328;background:#f6f7f9}
a{color:var(--accent)}
header.top{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:space-between;padding:.75rem 1.5rem;background:#fff;border-bottom:4px solid var(--accent)}
.brand{display:flex;gap:.6rem;align-items:center;text-decoration:none;color:inherit}
.brand small{display:block;color:#59636e;font-size:.8rem}
.mark{display:inline-grid;place-items:center;width:2.4rem;height:2.4rem;border-radius:.5rem;background:var(--accent);color:#fff;font-weight:700}
nav{display:flex;gap:1rem;flex-wrap:wrap}
nav a{text-decoration:none;font-weight:600}
.side{display:flex;gap:1rem;align-items:center}
.account{display:flex;gap:.5rem;align-items:center;margin:0;font-size:.9rem}
.lang{font-size:.9rem}
main{max-width:52rem;margin:2rem auto;padding:0 1.5rem}
h1{font-size:1.8rem;margin:.2rem 0 1rem}
.panel{background:#fff;border:1px solid #d1d9e0;border-radius:.75rem;padding:1.25rem 1.5rem;margin:1.25rem 0}
.panel h2{margin-top:0;font-size:1.2rem}
dl{display:grid;grid-template-columns:minmax(0,max-content) minmax(0,1fr);gap:.35rem 1.25rem;margin:0 0 1rem}
dt{color:#59636e}dd{margin:0;font-weight:600;overflow-wrap:anywhere}
.button,button{display:inline-block;border:0;border-radius:.5rem;padding:.6rem 1.1rem;background:var(--accent);color:#fff;font:inherit;font-weight:600;text-decoration:none;cursor:pointer}
.button.secondary,button.secondary{background:#fff;color:var(--accent);border:1px solid var(--accent)}
button.link{background:none;color:var(--accent);padding:0;text-decoration:underline;font-weight:400}
p:has(> :is(.button,button) ~ :is(.button,button)),.actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.vneid{background:#c8102e}
form.stack{display:grid;gap:.75rem;max-width:26rem}
label{font-weight:600}
input[type=text],input[type=number],select{width:100%;padding:.55rem .7rem;border:1px solid #a0a9b3;border-radius:.4rem;font:inherit}
.notice{border-radius:.6rem;padding:.85rem 1.1rem;margin:1rem 0;border:1px solid}
.notice.info{background:#eef6ff;border-color:#9cc4f0}
.notice.success{background:#eaf7ee;border-color:#8fcf9f}
.notice.warning{background:#fff8e5;border-color:#e8c66a}
.notice.error{background:#fdeeee;border-color:#e59a9a}
.why{color:#33393f}.note{color:#59636e;font-size:.9rem}
.card{border:2px dashed var(--accent);border-radius:.75rem;padding:1rem 1.25rem;background:#fff}
.muted{color:#59636e}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid #e1e5ea}
td{overflow-wrap:anywhere}
code{background:#eef1f4;padding:.1rem .3rem;border-radius:.25rem}
pre{white-space:pre-wrap;overflow-wrap:anywhere}
figure{margin:1rem 0}svg,img{max-width:100%;height:auto}
footer{max-width:52rem;margin:3rem auto 2rem;padding:0 1.5rem;color:#59636e;font-size:.85rem}
@media (max-width:40rem){
header.top{padding:.75rem 1rem;gap:.5rem 1rem}
main,footer{padding:0 1rem}
.panel{padding:1rem}
dl{grid-template-columns:minmax(0,1fr);gap:0}dd{margin-bottom:.5rem}
table.stacked thead{display:none}
table.stacked,table.stacked tbody,table.stacked tr,table.stacked td{display:block}
table.stacked tr{padding:.4rem 0;border-bottom:1px solid #e1e5ea}
table.stacked td{border:0;padding:.1rem 0}
table.stacked td[data-label]::before{content:attr(data-label) ": ";color:#59636e}
}
`
