const {unified} = require('unified');
const remarkParse = require('remark-parse').default;
const remarkGfm = require('remark-gfm').default;
const remarkFm = require('remark-frontmatter').default;
const p = unified().use(remarkParse).use(remarkGfm).use(remarkFm, ['yaml']);
const bare = unified().use(remarkParse);
function t(name, s, proc=p){ const t0=Date.now(); try { proc.parse(s); console.log(name, s.length, Date.now()-t0,'ms', (process.memoryUsage().rss/1e6|0)+'MB'); } catch(e){ console.log(name,'THREW', e.message.slice(0,100)); } }
t('quote500', '>'.repeat(500)+' hi\n');
t('list500', Array.from({length:500},(_, i)=>' '.repeat(i*2)+'- x').join('\n'));
t('emph', '*'.repeat(5000)+'a'+'*'.repeat(5000));
t('brackets', '['.repeat(5000)+'a'+']'.repeat(5000));
t('quote5000', '>'.repeat(5000)+' hi\n');
const feat = '### Feature 1: Foo\n**Priority:** High\n\n**Requirements:**\n- one `a/b.ts`\n- two\n\n**Acceptance Criteria:**\n- [ ] ok\n\n';
let big=''; while(big.length<10e6) big+=feat;
t('10MB', big);
t('10MB bare', big, bare);
t('10MB one line', 'a'.repeat(10e6));
