const {unified} = require('unified');
const remarkParse = require('remark-parse').default;
const remarkGfm = require('remark-gfm').default;
const remarkFm = require('remark-frontmatter').default;
const p = unified().use(remarkParse).use(remarkGfm).use(remarkFm, ['yaml']);
const bare = unified().use(remarkParse);
function t(name, s, proc=p){ const t0=Date.now(); try { proc.parse(s); console.log(name, s.length, Date.now()-t0,'ms', (process.memoryUsage().rss/1e6|0)+'MB'); } catch(e){ console.log(name,'THREW', e.message.slice(0,100)); } }
const feat = '### Feature 1: Foo\n**Priority:** High\n\n**Requirements:**\n- one `a/b.ts`\n- two\n\n**Acceptance Criteria:**\n- [ ] ok\n\n';
for (const n of [1e5, 3e5, 1e6]) { let big=''; while(big.length<n) big+=feat; t('gfm', big); t('bare', big, bare); }
