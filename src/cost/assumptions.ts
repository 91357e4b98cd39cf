// What the estimate cannot read from the config: usage. Round numbers a reader can rescale; each
// is printed with the estimate, so a bill that differs can be traced to the assumption that did.

export const ASSUMPTIONS = {
  /**
   * GB of image layers an environment's task starts pull from ECR in a month. ECR serves layers from
   * S3, so they take the network module's S3 gateway endpoint, which is free, in every NAT mode.
   */
  imageLayerGbPerEnvironment: 8,
  /** GB a month the rest of an environment's traffic sends through its NAT gateways or interface endpoints (AWS APIs, third parties). */
  egressGbPerEnvironment: 2,
  /** Average load balancer capacity units: about 1 GB an hour processed or 25 new connections a second. */
  albLcu: 1,
  /** GB of logs a task writes to CloudWatch Logs in a month of running time. */
  logGbPerTaskMonth: 1,
  /**
   * Container Insights ("enabled") metrics of a Fargate cluster: about 12 with the cluster name alone
   * and about 25 per service (by service and by task definition family), as the list of Amazon ECS
   * Container Insights metrics shows (docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-ECS.html).
   * They are sent only while tasks run.
   */
  insightsMetricsPerCluster: 12,
  insightsMetricsPerService: 25,
  /** GB of Container Insights performance log events a task sends in a month of running time (about 2 KB a minute). */
  insightsLogGbPerTaskMonth: 0.1,
  /** GB an ECR repository holds: the kept images share most of their layers. */
  ecrGbPerRepository: 1,
} as const;

/** `scheduled`: some environment runs only in working hours, and can be started out of them by hand. */
export function describeAssumptions(hoursPerMonth: number, scheduled: boolean): string[] {
  const a = ASSUMPTIONS;
  return [
    `${hoursPerMonth} hours a month for everything that runs around the clock; scheduled services run only in their working hours`,
    ...(scheduled
      ? [
          "each start out of hours (the Start environment workflow) runs that environment's tasks until its next scheduled stop: hours this estimate does not count",
        ]
      : []),
    "tasks: each service's desired count (with autoscaling, its minimum when that is higher); scaling out costs more",
    `traffic: ${a.imageLayerGbPerEnvironment} GB of image layers a month per environment through the free S3 gateway endpoint, ${a.egressGbPerEnvironment} GB through the NAT gateways or interface endpoints, ${a.albLcu} load balancer capacity unit on average`,
    `logs: ${a.logGbPerTaskMonth} GB per task per month of running time, stored for the configured retention`,
    `images: ${a.ecrGbPerRepository} GB stored per ECR repository`,
    `Container Insights, where on: ${a.insightsMetricsPerCluster} metrics per cluster and ${a.insightsMetricsPerService} per service, billed for the hours tasks run, and ${a.insightsLogGbPerTaskMonth} GB of performance log events per task per month of running time`,
    "Fargate Spot: the full 70% discount (Spot prices vary)",
  ];
}

/** What the estimate leaves out, said once with every estimate (docs/rules.md PRICE-01). */
export const EXCLUDED = [
  "tax, data transfer out to the internet and between AZs, and the AWS free tier",
  "storage of Container Insights performance log events (small next to their ingestion)",
  "Route 53 hosted zones and queries, ACM certificates (free), KMS, Secrets Manager API calls",
  "secrets in SSM Parameter Store (standard parameters are free)",
];
