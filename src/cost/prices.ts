// The one price table of the cost estimate: us-east-1, on-demand, USD. Every figure names the AWS
// page it comes from; the official pages are the authority. Figures were checked on PRICES_AS_OF
// against those pages (docs/rules.md section 7 says what the estimate must show); re-check them all at once,
// update the date, and read the goldens' diff (fixtures/*/expected-cost.json) as what users will see.

export const PRICES_AS_OF = "2026-11-22";
export const PRICE_REGION = "us-east-1";
/** AWS's convention for a month of always-on resources (docs/rules.md section 7; aws.amazon.com/fargate/pricing/). */
export const HOURS_PER_MONTH = 730;

export interface Price {
  usd: number;
  unit: string;
  source: string;
}

const FARGATE = "https://aws.amazon.com/fargate/pricing/";
const VPC = "https://aws.amazon.com/vpc/pricing/";
const ELB = "https://aws.amazon.com/elasticloadbalancing/pricing/";
const PRIVATELINK = "https://aws.amazon.com/privatelink/pricing/";
const GATEWAY_ENDPOINTS = "https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html";
const RDS_POSTGRES = "https://aws.amazon.com/rds/postgresql/pricing/";
const RDS_MYSQL = "https://aws.amazon.com/rds/mysql/pricing/";
const ELASTICACHE = "https://aws.amazon.com/elasticache/pricing/";
const CLOUDWATCH = "https://aws.amazon.com/cloudwatch/pricing/";
const SECRETS_MANAGER = "https://aws.amazon.com/secrets-manager/pricing/";
const ECR = "https://aws.amazon.com/ecr/pricing/";
const EVENTBRIDGE = "https://aws.amazon.com/eventbridge/pricing/";
// Public IPv4 is charged per address-hour since 2024-02-01, in use or not (the ALB's one per AZ, NAT EIPs).
const IPV4 = "https://aws.amazon.com/blogs/aws/new-aws-public-ipv4-address-charge-public-ip-insights/";

export const PRICES = {
  // Fargate Linux/x86_64 and Linux/ARM64 (Graviton, about 20% lower). Ephemeral storage up to 20 GB
  // is included; the task definitions ask for no more.
  fargateX86Vcpu: { usd: 0.04048, unit: "vCPU-hour", source: FARGATE },
  fargateX86Gb: { usd: 0.004445, unit: "GB-hour", source: FARGATE },
  fargateArmVcpu: { usd: 0.03238, unit: "vCPU-hour", source: FARGATE },
  fargateArmGb: { usd: 0.00356, unit: "GB-hour", source: FARGATE },
  // Fargate Spot is market priced, "up to 70%" off on-demand, x86_64 only; the estimate takes the
  // full discount (docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html).
  fargateSpotDiscount: { usd: 0.7, unit: "fraction off on-demand", source: FARGATE },
  // NAT gateway: per gateway-hour and per GB it processes (its Elastic IP is priced as public IPv4).
  natGatewayHour: { usd: 0.045, unit: "gateway-hour", source: VPC },
  natGatewayGb: { usd: 0.045, unit: "GB processed", source: VPC },
  // Application Load Balancer: per hour and per LCU-hour (an LCU is the largest of 25 new
  // connections/s, 3,000 active connections/min, 1 GB/h processed, 1,000 rule evaluations/s).
  albHour: { usd: 0.0225, unit: "ALB-hour", source: ELB },
  albLcuHour: { usd: 0.008, unit: "LCU-hour", source: ELB },
  publicIpv4Hour: { usd: 0.005, unit: "address-hour", source: IPV4 },
  // Interface endpoints: per endpoint per AZ-hour and per GB (first PB); the S3 gateway endpoint is free.
  interfaceEndpointAzHour: { usd: 0.01, unit: "endpoint-AZ-hour", source: PRIVATELINK },
  interfaceEndpointGb: { usd: 0.01, unit: "GB processed", source: PRIVATELINK },
  // "There is no additional charge for using gateway endpoints" (the S3 one carries ECR's image layers).
  gatewayEndpointGb: { usd: 0, unit: "GB", source: GATEWAY_ENDPOINTS },
  // RDS db.t4g.micro (the class the database module uses for PostgreSQL and MySQL): Multi-AZ, as prod
  // runs it, is two instances. gp3 storage per GB-month, twice for Multi-AZ; backups up to the
  // provisioned size are free.
  rdsPostgresT4gMicro: { usd: 0.016, unit: "instance-hour", source: RDS_POSTGRES },
  rdsPostgresT4gMicroMultiAz: { usd: 0.032, unit: "instance-hour", source: RDS_POSTGRES },
  // MySQL db.t4g.micro lists the same rate as PostgreSQL (from its page alone, no second source); verify on the page.
  rdsMysqlT4gMicro: { usd: 0.016, unit: "instance-hour", source: RDS_MYSQL },
  rdsMysqlT4gMicroMultiAz: { usd: 0.032, unit: "instance-hour", source: RDS_MYSQL },
  rdsGp3GbMonth: { usd: 0.115, unit: "GB-month", source: RDS_POSTGRES },
  // ElastiCache cache.t4g.micro, node-based (the cache module's node type). Node-based ElastiCache for
  // Valkey is priced 20% lower than the other engines, serverless 33% lower (AWS's launch
  // announcement, aws.amazon.com/about-aws/whats-new/2024/10/amazon-elasticache-valkey/):
  // 0.016 x 0.8 = 0.0128, the figure the pricing page lists.
  elasticacheRedisT4gMicro: { usd: 0.016, unit: "node-hour", source: ELASTICACHE },
  elasticacheValkeyT4gMicro: { usd: 0.0128, unit: "node-hour", source: ELASTICACHE },
  // CloudWatch Logs, Standard class.
  logsIngestGb: { usd: 0.5, unit: "GB ingested", source: CLOUDWATCH },
  logsStorageGbMonth: { usd: 0.03, unit: "GB-month stored", source: CLOUDWATCH },
  // Custom metrics, first 10,000 a month; prorated by the hour and charged only for hours in which
  // the metric is sent. Container Insights ("enabled") metrics are billed at this rate, and its
  // performance log events as Logs ingestion above.
  customMetricMonth: { usd: 0.3, unit: "metric-month", source: CLOUDWATCH },
  // Standard-resolution (60 s) metric alarms: "$0.10 per alarm metric" a month; an alarm on a metric
  // math expression is billed for each metric the expression reads. Checked 2026-12-03.
  alarmMetricMonth: { usd: 0.1, unit: "alarm metric-month", source: CLOUDWATCH },
  // Secrets Manager: per secret-month (API calls, $0.05 per 10,000, are a task start's few reads:
  // left out). SSM Parameter Store standard parameters are free.
  secretMonth: { usd: 0.4, unit: "secret-month", source: SECRETS_MANAGER },
  ecrGbMonth: { usd: 0.1, unit: "GB-month", source: ECR },
  // EventBridge Scheduler: per million invocations beyond the free ones (below), which are per account.
  schedulerMillionInvocations: { usd: 1, unit: "million invocations", source: EVENTBRIDGE },
} as const satisfies Record<string, Price>;

/** EventBridge Scheduler invocations free each month, per account (EVENTBRIDGE page, "Scheduler"). */
export const SCHEDULER_FREE_INVOCATIONS = 14_000_000;
/** Fargate bills a task per second from the image pull to its end, with a one-minute minimum (FARGATE page). */
export const FARGATE_MINIMUM_MINUTES = 1;

export type PriceName = keyof typeof PRICES;

/** Prices the table does not have: the estimate shows the line without an amount and links the page. */
export const UNPRICED = {
  // Container Insights with enhanced observability adds per-task and per-container metrics, whose
  // number follows every task started; the pricing page prices it on its own terms.
  containerInsightsEnhanced: "https://aws.amazon.com/cloudwatch/pricing/",
  // RDS for SQL Server Express (License Included) on db.t3.small: from its page alone, no second source.
  rdsSqlServerExpress: "https://aws.amazon.com/rds/sqlserver/pricing/",
} as const;
