// Configs that more than one test file builds a stack from.

/**
 * Two node services (a web service with autoscaling 2-10 and a worker), Spot for workers in dev and
 * prod, working hours in dev: the Terraform of both cost options at once. Raw, before parsing.
 */
export const spotAndSchedule = (): any => ({
  project: "fulfil",
  stack: "node",
  aws: { region: "us-east-1", accountId: "123456789012" },
  github: { repository: "fulfil/platform" },
  services: [
    { name: "api", framework: "express", entry: "dist/server.js", port: 3000, autoscaling: { min: 2, max: 10 } },
    { name: "worker", kind: "worker", framework: "node", entry: "dist/worker.js" },
  ],
  environments: {
    dev: { spot: "workers", schedule: { timezone: "Europe/Berlin" } },
    prod: { spot: "workers", allowPlainHttp: true },
  },
});
