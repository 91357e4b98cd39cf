// "What was generated and why" in docs/DEPLOY.md: the files the other generators plan for this
// config, grouped (every module folder is one row), each with the reason it exists. A file no rule
// here knows still gets a row, pointing at its own comments.
import type { ProxyPlan } from "../src/config/proxies.js";
import { INFRA_DIR } from "../src/plan/environments.js";
import type { StackPlan } from "../src/plan/stack-plan.js";
import type { Generator } from "../src/plan/types.js";
import { composeGenerator } from "./compose.js";
import { dockerGenerator } from "./docker.js";
import { taskDefinitionsGenerator } from "./task-definitions.js";
import { terraformGenerator } from "./terraform.js";
import { workflowsGenerator } from "./workflows.js";

export interface GeneratedRow {
  path: string;
  why: string;
}

// Not generators/index.ts: that list includes the docs generator itself.
const DOCUMENTED: readonly Generator[] = [
  dockerGenerator,
  composeGenerator,
  terraformGenerator,
  taskDefinitionsGenerator,
  workflowsGenerator,
];

type Rule = [RegExp, (match: RegExpMatchArray) => GeneratedRow];

const RULES: Rule[] = [
  [
    /^(.*\/)?Dockerfile$/,
    (m) => ({
      path: m[0],
      why: "the image: multi-stage, runs as a non-root user, dependencies restored in their own cached layer",
    }),
  ],
  [
    /^\.dockerignore$/,
    () => ({ path: ".dockerignore", why: "keeps secrets, dependencies and build output out of the build context" }),
  ],
  [
    /^(docker-compose|compose\.ecs-stack)\.yml$/,
    (m) => ({
      path: m[0],
      why: "local development: the services, their database and cache, with health checks",
    }),
  ],
  [
    /^(docker-compose|compose\.ecs-stack)\.override\.yml$/,
    (m) => ({
      path: m[0],
      why: "laptop-only settings: host ports on 127.0.0.1, source mounts, development commands",
    }),
  ],
  [
    /^\.env\.example$/,
    () => ({ path: ".env.example", why: "local values for the secrets: copy it to .env, never commit .env" }),
  ],
  [
    new RegExp(`^${INFRA_DIR}/modules/`),
    () => ({ path: `${INFRA_DIR}/modules/`, why: "small Terraform modules the roots below call" }),
  ],
  [
    new RegExp(`^${INFRA_DIR}/global/`),
    () => ({
      path: `${INFRA_DIR}/global/`,
      why: "applied once by an administrator: the GitHub OIDC provider, the roles CI assumes, the ECR repositories",
    }),
  ],
  [
    new RegExp(`^${INFRA_DIR}/environments/`),
    () => ({
      path: `${INFRA_DIR}/environments/`,
      why: "one Terraform root per environment: network, ECS cluster and services, load balancer, the role its deploy job assumes",
    }),
  ],
  [
    new RegExp(`^${INFRA_DIR}/task-definitions/`),
    () => ({
      path: `${INFRA_DIR}/task-definitions/`,
      why: "per environment and service, the task definition the Deploy workflow registers with each new image; Terraform creates the first revision from the same file",
    }),
  ],
  [
    /^\.github\/workflows\/(ecs-stack-)?ci\.yml$/,
    (m) => ({
      path: m[0],
      why: "pull requests: the app's tests, every image built, and `create-ecs-stack check`",
    }),
  ],
  [
    /^\.github\/workflows\/(ecs-stack-)?deploy\.yml$/,
    (m) => ({
      path: m[0],
      why: "main: each image built once, tagged with the commit, then deployed environment by environment",
    }),
  ],
  [
    /^\.github\/workflows\/(ecs-stack-)?terraform\.yml$/,
    (m) => ({ path: m[0], why: "fmt and validate; plan on pull requests, apply on main" }),
  ],
];

export function generatedRows(plan: StackPlan): GeneratedRow[] {
  const rows = new Map<string, GeneratedRow>();
  const { proxies } = plan;
  for (const file of DOCUMENTED.flatMap((g) => g.plan(plan))) {
    const proxy = proxies.find((p) => file.path.startsWith(`${p.folder}/`));
    const row = proxy ? proxyRow(proxy) : describe(file.path);
    if (!rows.has(row.path)) rows.set(row.path, row);
  }
  const adopted = plan.images.filter((image) => image.adopted);
  return [
    ...adopted.map((image) => ({
      path: image.dockerfile,
      why: "yours, adopted: the image is built from it as it is; the tool never writes it, and the port follows its EXPOSE",
    })),
    ...rows.values(),
    { path: "docs/DEPLOY.md", why: "this page" },
    { path: "ecs-stack.config.json", why: "your config: edit it, then run `npx create-ecs-stack generate`" },
    {
      path: ".ecs-stack/",
      why: "the tool's record of what it generated, so your edits survive the next generate (commit it, do not edit it)",
    },
  ];
}

function proxyRow(proxy: ProxyPlan): GeneratedRow {
  return {
    path: `${proxy.folder}/`,
    why: `the reverse proxy in front of ${proxy.service.name}: nginx, non-root, with the config template it renders at start; its own image and ECR repository`,
  };
}

function describe(path: string): GeneratedRow {
  for (const [pattern, row] of RULES) {
    const match = path.match(pattern);
    if (match) return row(match);
  }
  return { path, why: "see the comments at the top of the file" };
}
