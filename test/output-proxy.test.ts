// The traffic sidecar (issue #16 item 9, #18 item 7): a generated nginx reverse proxy with its own image, not the
// stock nginx image by mutable tag. Its Dockerfile, config template, task-definition container, compose service,
// ECR repository and image build, from the rails-sidekiq fixture's config and from a config written here.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseConfigValue } from "../src/config/load.js";
import { IMAGES } from "../src/plan/versions.js";
import { createStack } from "../src/stack.js";
import { FIXTURES_DIR } from "./support/fixtures.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";

type Container = {
  name: string;
  image: string;
  environment?: { name: string; value: string }[];
  portMappings?: { containerPort: number }[];
};

const fixtureConfig = () =>
  JSON.parse(readFileSync(join(FIXTURES_DIR, "rails-sidekiq", "ecs-stack.config.json"), "utf8")) as Record<string, any>;

/** rails-sidekiq with the web service moved to apps/shop on port 4000 and its proxy on 9000. */
function movedConfig() {
  const config = fixtureConfig();
  for (const s of config.services) s.path = "apps/shop";
  Object.assign(config.services[0], { port: 4000 });
  config.services[0].sidecars[0].port = 9000;
  return config;
}

/** What the nginx image's start-up script makes of the template: only the set variables it is told to replace. */
function renderTemplate(template: string, env: Record<string, string>, filter: RegExp): string {
  return template.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (all, name: string) =>
    name in env && filter.test(name) ? env[name]! : all,
  );
}

describe.each([
  { label: "rails-sidekiq", raw: fixtureConfig, folder: "nginx", appPort: 3000, proxyPort: 8080 },
  {
    label: "a web service in apps/shop on 4000",
    raw: movedConfig,
    folder: "apps/shop/nginx",
    appPort: 4000,
    proxyPort: 9000,
  },
])("the reverse proxy of $label", ({ raw, folder, appPort, proxyPort }) => {
  const tree = async () => createStack(parseConfigValue(raw(), "test"));
  const base = IMAGES.nginxProxy;

  it("is built FROM the pinned unprivileged nginx, copies its template and runs as a non-root user", async () => {
    const dockerfile = (await tree()).get(`${folder}/Dockerfile`)!;
    const from = dockerfile.split("\n").filter((l) => l.startsWith("FROM "));
    // docs/rules.md DF-GEN-10, DF-RAILS-12: one stage, the base by tag and digest.
    expect(from).toEqual([`FROM ${base.image}:${base.tag}@${base.digest}`]);
    expect(base.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(dockerfile).toContain(`COPY ${folder}/default.conf.template /etc/nginx/templates/default.conf.template\n`);
    expect((await tree()).get(`${folder}/default.conf.template`)).toBeDefined();
    const user = /^USER (\S+)$/m.exec(dockerfile)?.[1];
    expect(user).toBeDefined();
    expect(["0", "root"]).not.toContain(user);
    expect(dockerfile).toContain(`EXPOSE ${proxyPort}\n`);
  });

  it("renders, with the task's environment, a server on the sidecar's port that passes every path to the app", async () => {
    const t = await tree();
    const template = t.get(`${folder}/default.conf.template`)!;
    const filter = new RegExp(/^ENV NGINX_ENVSUBST_FILTER="(.*)"$/m.exec(t.get(`${folder}/Dockerfile`)!)![1]!);
    const web = JSON.parse(t.get("infra/task-definitions/prod/web.json")!) as { containerDefinitions: Container[] };
    const [app, proxy] = web.containerDefinitions;
    const env = Object.fromEntries((proxy!.environment ?? []).map((e) => [e.name, e.value]));
    const conf = renderTemplate(template, { ...env, HOME: "/", host: "x" }, filter);
    expect(conf).toMatch(new RegExp(`upstream app \\{\\s+server 127\\.0\\.0\\.1:${appPort};`));
    expect(app!.portMappings?.[0]?.containerPort).toBe(appPort);
    expect(conf).toMatch(new RegExp(`listen ${proxyPort};`));
    expect(proxy!.portMappings?.[0]?.containerPort).toBe(proxyPort);
    // One location for "/": the load balancer's health check path reaches the app like any request.
    expect(conf.match(/location [^{]+\{/g)).toEqual(["location / {"]);
    expect(conf).toContain("proxy_pass http://app;");
    // nginx's own variables survive the substitution.
    expect(conf).toContain("proxy_set_header Host $http_host;");
    expect(conf).toContain("$proxy_add_x_forwarded_for;");
    expect(conf).not.toMatch(/\$APP_UPSTREAM/);
  });

  it("runs in the task from its own ECR repository, replaced on every deploy, and takes the load balancer's traffic", async () => {
    const t = await tree();
    const web = JSON.parse(t.get("infra/task-definitions/staging/web.json")!) as { containerDefinitions: Container[] };
    expect(web.containerDefinitions[1]!.image).toBe(
      "123456789012.dkr.ecr.us-east-2.amazonaws.com/storefront/web-nginx:bootstrap",
    );
    expect(t.get("infra/global/main.tf")).toMatch(
      /repositories = \[\n\s+"storefront\/web",\n\s+"storefront\/web-nginx",\n/,
    );
    expect(t.get("infra/environments/staging/main.tf")).toContain(
      `container_name = "nginx", container_port = ${proxyPort}`,
    );
    expect(t.get("infra/environments/staging/main.tf")).toMatch(
      new RegExp(`web += \\{ port = ${proxyPort}, health_check_path = "/up"`),
    );
    const deploy = parse(t.get(".github/workflows/deploy.yml")!) as Record<string, any>;
    expect(deploy.jobs.images.strategy.matrix.include).toContainEqual(
      expect.objectContaining({
        name: "web-nginx",
        repository: "storefront/web-nginx",
        dockerfile: `${folder}/Dockerfile`,
      }),
    );
    const steps = deploy.jobs["deploy-staging"].steps as { id?: string; with?: Record<string, string> }[];
    const render = steps.find((s) => s.id === "render-web-nginx")!;
    expect(render.with).toEqual({
      "task-definition": "${{ steps.render-web.outputs.task-definition }}",
      "container-name": "nginx",
      image: "123456789012.dkr.ecr.us-east-2.amazonaws.com/storefront/web-nginx:${{ github.sha }}",
    });
  });

  it("runs in compose from the same Dockerfile, in front of the app's service, on 127.0.0.1 only", async () => {
    const t = await tree();
    const compose = parse(t.get("docker-compose.yml")!) as Record<string, any>;
    expect(compose.services["web-nginx"]).toMatchObject({
      build: { context: ".", dockerfile: `${folder}/Dockerfile` },
      environment: { APP_UPSTREAM: `web:${appPort}` },
      depends_on: ["web"],
    });
    const override = parse(t.get("docker-compose.override.yml")!) as Record<string, any>;
    expect(override.services["web-nginx"].ports).toEqual([`127.0.0.1:${proxyPort}:${proxyPort}`]);
  });
});

describe("a config without a traffic sidecar", () => {
  it("gets no proxy files, repository or image build", async () => {
    const config = fixtureConfig();
    config.services[0].sidecars = [];
    const t = await createStack(parseConfigValue(config, "test"));
    expect(t.paths().filter((p) => p.includes("nginx"))).toEqual([]);
  });
});
