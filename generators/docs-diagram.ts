// The architecture diagram of docs/DEPLOY.md, in Mermaid (GitHub renders it): users reach the load
// balancer in the public subnets; the services, database and cache sit in the private subnets;
// egress leaves through NAT gateways or VPC endpoints; CI pushes images and deploys over OIDC.
// Labels are always quoted, so names and paths never read as Mermaid syntax.
import type { Config } from "../src/config/normalise.js";
import type { Service } from "../src/config/schema.js";
import { isDefaultRoute, trafficContainer, type EnvironmentPlan } from "../src/plan/environments.js";
import { elastiCacheVersion, RDS } from "../src/plan/backing-services.js";

const id = (name: string) => `svc_${name.replace(/-/g, "_")}`;
/** Mermaid has no escape for a double quote inside a quoted label. */
const label = (text: string) => `"${text.replace(/"/g, "'")}"`;

function serviceLabel(config: Config, s: Service): string {
  const size = `${s.cpu / 1024} vCPU, ${s.memory / 1024} GB`;
  const sidecars = s.sidecars.map((c) => ` + ${c.name}`).join("");
  const kind = s.name === s.kind ? "" : `${s.kind} · `;
  return label(`${s.name}${sidecars}<br/>${kind}${size} · ${config.architecture}`);
}

function routeLabel(s: Service, domain: boolean): string {
  const routing = s.routing ?? { paths: [], host: null };
  if (isDefaultRoute(s)) return "every other request";
  const host = routing.host && domain ? `${routing.host}.* ` : "";
  return `${host}${routing.paths.join(" ")}`.trim();
}

/** Which environments use which egress: "dev, staging" per mode. */
function egressNodes(environments: readonly EnvironmentPlan[]): {
  nat: string | null;
  endpoints: string | null;
  publicTasks: string | null;
} {
  const names = (f: (e: EnvironmentPlan) => boolean) =>
    environments
      .filter(f)
      .map((e) => (e.nat === "per-az" ? `${e.name}: one per AZ` : e.nat === "single" ? `${e.name}: one` : e.name))
      .join(", ");
  const nat = names((e) => e.nat === "per-az" || e.nat === "single");
  const endpoints = names((e) => e.nat === "none");
  const publicTasks = names((e) => e.nat === "public");
  return { nat: nat || null, endpoints: endpoints || null, publicTasks: publicTasks || null };
}

export function architectureDiagram(config: Config, environments: readonly EnvironmentPlan[]): string[] {
  const services = config.services;
  const web = services.filter((s) => trafficContainer(s) !== null);
  const domain = environments.some((e) => e.domain !== null);
  const egress = egressNodes(environments);
  const { database, cache } = config;
  // The versions AWS runs: the local containers' majors, as RDS and ElastiCache name their releases.
  const backing = [
    ...(database.engine !== "none"
      ? [`    db[(${label(`RDS ${RDS[database.engine].engine} ${RDS[database.engine].version(database.version!)}`)})]`]
      : []),
    ...(cache.engine !== "none"
      ? [`    cache[(${label(`ElastiCache ${cache.engine} ${elastiCacheVersion(cache.engine, cache.version!)}`)})]`]
      : []),
  ];
  return [
    "flowchart TB",
    ...(web.length > 0 ? ['  users(("Users"))'] : []),
    '  github["GitHub Actions<br/>OIDC, no AWS keys"]',
    '  internet(["Internet and AWS APIs"])',
    `  subgraph vpc[${label(`VPC per environment (${environments.map((e) => e.name).join(", ")}), two AZs`)}]`,
    ...(web.length > 0 || egress.nat
      ? [
          '    subgraph public_subnets["Public subnets"]',
          ...(web.length > 0
            ? [`      alb[${label(`Application Load Balancer<br/>${domain ? "HTTPS" : "HTTP"}`)}]`]
            : []),
          ...(egress.nat ? [`      nat[${label(`NAT gateway<br/>${egress.nat}`)}]`] : []),
          "    end",
        ]
      : []),
    egress.publicTasks
      ? `    subgraph private_subnets[${label(`Private subnets; the tasks of ${egress.publicTasks} in the public ones, an IPv4 each`)}]`
      : '    subgraph private_subnets["Private subnets, no public IPs"]',
    '      subgraph cluster["ECS cluster on Fargate"]',
    ...services.map((s) => `        ${id(s.name)}[${serviceLabel(config, s)}]`),
    "      end",
    ...(egress.endpoints ? [`      endpoints[${label(`VPC endpoints<br/>${egress.endpoints}`)}]`] : []),
    ...backing.map((b) => `  ${b}`),
    "    end",
    "  end",
    `  ecr[(${label("ECR, one repository per image")})]`,
    ...(web.length > 0 ? [`  users -->|${label(domain ? "HTTPS" : "HTTP")}| alb`] : []),
    ...web.map((s) => `  alb -->|${label(routeLabel(s, domain))}| ${id(s.name)}`),
    ...(config.database.engine !== "none" ? services.map((s) => `  ${id(s.name)} --> db`) : []),
    ...(config.cache.engine !== "none" ? services.map((s) => `  ${id(s.name)} --> cache`) : []),
    ...(egress.nat ? ["  cluster --> nat --> internet"] : []),
    ...(egress.endpoints ? ["  cluster --> endpoints"] : []),
    ...(egress.publicTasks ? [`  cluster -->|${label(`own IPv4: ${egress.publicTasks}`)}| internet`] : []),
    '  github -->|"push images"| ecr',
    '  github -->|"deploy"| cluster',
    '  ecr -.->|"pull"| cluster',
  ];
}
