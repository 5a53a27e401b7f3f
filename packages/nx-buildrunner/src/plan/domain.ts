import type { Component, Domain, Feature } from '../spec/types';
import { words } from './words';

/**
 * Path rules in the order they are tried: a test or doc file sits in a test or doc folder
 * whatever code it is about, so those rules come before the code domains.
 */
const PATH_RULES: ReadonlyArray<readonly [Domain, RegExp]> = [
  ['test', /(^|\/)(tests?|__tests__|specs?|e2e)\/|\.(test|spec)\.[a-z0-9]+$|_test\.[a-z0-9]+$|(^|\/)test_[^/]*$/i],
  ['docs', /\.(md|mdx|markdown|rst|adoc)$|(^|\/)docs?\/|(^|\/)(readme|changelog|contributing)(\.[a-z]+)?$/i],
  [
    'infra',
    /(^|\/)(dockerfile|docker-compose[^/]*|compose\.ya?ml|jenkinsfile|makefile|\.gitlab-ci\.yml|procfile)$|(^|\/)\.(github|circleci)\/|(^|\/)(ci|deploy|deployment|infra|k8s|helm|terraform)\/|\.tf$/i,
  ],
  ['database', /\.(sql|prisma)$|migrat|schema|(^|\/)(db|database|models?|repositories)\//i],
  [
    'frontend',
    /\.(css|scss|sass|less|html?|tsx|jsx|vue|svelte)$|(^|\/)(web|ui|components?|pages|views|client|frontend|public|static|styles)\//i,
  ],
  ['backend', /(^|\/)(api|server|routes?|endpoints?|handlers?|controllers?|services?|backend|middleware)(\/|\.[a-z]+$)/i],
];

export function pathDomain(path: string): Domain {
  for (const [domain, rule] of PATH_RULES) if (rule.test(path)) return domain;
  return 'general';
}

const KEYWORDS: Readonly<Record<Exclude<Domain, 'general'>, readonly string[]>> = {
  database: [
    'sql', 'sqlite', 'postgres', 'postgresql', 'mysql', 'mongodb', 'database', 'databases', 'db', 'migration',
    'migrations', 'migrate', 'schema', 'schemas', 'table', 'tables', 'column', 'columns', 'orm', 'prisma',
  ],
  backend: [
    'api', 'apis', 'server', 'servers', 'route', 'routes', 'routing', 'endpoint', 'endpoints', 'rest', 'http',
    'https', 'graphql', 'webhook', 'webhooks', 'middleware', 'handler', 'handlers', 'controller', 'controllers',
    'backend',
  ],
  frontend: [
    'web', 'ui', 'frontend', 'page', 'pages', 'component', 'components', 'button', 'buttons', 'form', 'forms',
    'view', 'views', 'css', 'html', 'tsx', 'jsx', 'react', 'vue', 'svelte', 'browser', 'banner', 'screen',
    'screens', 'layout', 'modal', 'dialog', 'click', 'mobile',
  ],
  infra: [
    'docker', 'dockerfile', 'ci', 'deploy', 'deployment', 'deployed', 'kubernetes', 'k8s', 'helm', 'terraform',
    'pipeline', 'pipelines', 'infrastructure', 'container', 'containers',
  ],
  test: ['test', 'tests', 'testing', 'coverage', 'e2e'],
  docs: ['readme', 'docs', 'documentation', 'guide', 'tutorial', 'changelog', 'instructions'],
};

const KEYWORD_DOMAIN: ReadonlyMap<string, Domain> = new Map(
  Object.entries(KEYWORDS).flatMap(([domain, list]) => list.map((word) => [word, domain as Domain] as const)),
);

/** Tie order when two domains have as many votes: foundations before what builds on them. */
const VOTE_ORDER: readonly Domain[] = ['database', 'backend', 'frontend', 'infra', 'test', 'docs'];

function winner(votes: ReadonlyMap<Domain, number>, among: readonly Domain[]): Domain | undefined {
  let best: Domain | undefined;
  for (const domain of among) {
    const count = votes.get(domain) ?? 0;
    if (count > 0 && (best === undefined || count > (votes.get(best) ?? 0))) best = domain;
  }
  return best;
}

/** `GET /todos`: an HTTP verb is a backend word only in capitals and before a path. */
const HTTP_ROUTE = /\b(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) +\//g;

/** The domain a piece of prose is most about, if any keyword says so. */
export function textDomain(text: string): Domain | undefined {
  const votes = new Map<Domain, number>();
  const routes = text.match(HTTP_ROUTE)?.length ?? 0;
  if (routes > 0) votes.set('backend', routes);
  for (const word of words(text)) {
    const domain = KEYWORD_DOMAIN.get(word);
    if (domain !== undefined) votes.set(domain, (votes.get(domain) ?? 0) + 1);
  }
  return winner(votes, VOTE_ORDER);
}

const CODE_DOMAINS: readonly Domain[] = ['database', 'backend', 'frontend', 'infra'];
const SUPPORT_DOMAINS: readonly Domain[] = ['test', 'docs'];

/**
 * A feature's own `Domain` wins; otherwise the files it touches vote (code files before tests and
 * docs, which accompany code of any domain), then the words of its title, description and
 * requirements.
 */
export function featureDomain(feature: Feature, components: readonly Component[]): Domain {
  if (feature.domain !== undefined) return feature.domain;
  const votes = new Map<Domain, number>();
  for (const component of components) {
    const domain = pathDomain(component.path);
    votes.set(domain, (votes.get(domain) ?? 0) + 1);
  }
  const byFiles = winner(votes, CODE_DOMAINS) ?? winner(votes, SUPPORT_DOMAINS);
  if (byFiles !== undefined) return byFiles;
  const prose = [feature.title, feature.description ?? '', ...feature.requirements.map((r) => r.text)].join('\n');
  return textDomain(prose) ?? 'general';
}
