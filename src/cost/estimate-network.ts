// What an environment pays whether or not a task runs: egress (NAT gateways or VPC endpoints), the
// load balancer and its public IPv4 addresses. The counts follow the network and alb modules.
import type { EnvironmentPlan, NatMode } from "../plan/environments.js";
import { SIZING } from "../plan/sizing.js";
import { ASSUMPTIONS } from "./assumptions.js";
import { serviceHours, taskMonths } from "./estimate-compute.js";
import { line, type CostLine } from "./lines.js";
import { formatPrice, formatQuantity, formatUsd, plural, roundUsd } from "./money.js";
import { HOURS_PER_MONTH, PRICES } from "./prices.js";

/** The load balancer has an address in each AZ, "per-az" a NAT gateway in each. */
const AVAILABILITY_ZONES = SIZING.availabilityZones;
const NAT_GATEWAYS: Record<NatMode, number> = { "per-az": AVAILABILITY_ZONES, single: 1, none: 0, public: 0 };

/** A NAT gateway for a month, with the public IPv4 address it holds (data processed apart). */
export const NAT_GATEWAY_MONTHLY = (PRICES.natGatewayHour.usd + PRICES.publicIpv4Hour.usd) * HOURS_PER_MONTH;
/** One task's own public IPv4 address for a month of running around the clock (nat "public"). */
export const TASK_ADDRESS_MONTHLY = PRICES.publicIpv4Hour.usd * HOURS_PER_MONTH;

const hasLoadBalancer = (env: EnvironmentPlan) => env.services.some((d) => d.traffic !== null);

/** Monthly cost of egress in each NAT mode, for the line itself and for the trade-off notes (docs/rules.md PRICE-03). */
function egressCost(env: EnvironmentPlan, nat: NatMode): number {
  const gb = ASSUMPTIONS.egressGbPerEnvironment;
  if (nat === "public") return taskMonths(env) * TASK_ADDRESS_MONTHLY;
  if (nat === "none")
    return (
      env.endpoints.length * AVAILABILITY_ZONES * PRICES.interfaceEndpointAzHour.usd * HOURS_PER_MONTH +
      gb * PRICES.interfaceEndpointGb.usd
    );
  const gateways = NAT_GATEWAYS[nat];
  return gateways * NAT_GATEWAY_MONTHLY + gb * PRICES.natGatewayGb.usd;
}

/** Hours a month the tasks hold a public IPv4 address (nat "public"): one per running task. */
const taskAddressHours = (env: EnvironmentPlan) => taskMonths(env) * HOURS_PER_MONTH;

export function networkLines(env: EnvironmentPlan): CostLine[] {
  const lines: CostLine[] = [];
  const gb = ASSUMPTIONS.egressGbPerEnvironment;
  const gateways = NAT_GATEWAYS[env.nat];
  if (env.nat === "public") {
    // No NAT and no endpoints: each task's own address is its way out; data out of the internet gateway is free.
    const hours = taskAddressHours(env);
    lines.push(
      line(
        "Public IPv4 addresses of the tasks",
        `${formatQuantity(hours, 1)} task-hours × ${formatPrice(PRICES.publicIpv4Hour.usd)}`,
        hours * PRICES.publicIpv4Hour.usd,
        "one per running task, in the public subnets; no NAT gateway",
      ),
    );
  } else if (gateways > 0) {
    lines.push(
      line(
        "NAT gateways",
        `${gateways} × ${formatPrice(PRICES.natGatewayHour.usd)} × ${HOURS_PER_MONTH} h`,
        gateways * PRICES.natGatewayHour.usd * HOURS_PER_MONTH,
      ),
      line("NAT data processed", `${gb} GB × ${formatPrice(PRICES.natGatewayGb.usd)}`, gb * PRICES.natGatewayGb.usd),
    );
  } else {
    const { endpoints } = env;
    lines.push(
      line(
        "VPC interface endpoints",
        `${endpoints.length} (${endpoints.join(", ")}) × ${AVAILABILITY_ZONES} AZs × ${formatPrice(PRICES.interfaceEndpointAzHour.usd)} × ${HOURS_PER_MONTH} h`,
        endpoints.length * AVAILABILITY_ZONES * PRICES.interfaceEndpointAzHour.usd * HOURS_PER_MONTH,
      ),
      line(
        "VPC endpoint data processed",
        `${gb} GB × ${formatPrice(PRICES.interfaceEndpointGb.usd)}`,
        gb * PRICES.interfaceEndpointGb.usd,
      ),
    );
  }
  // The network module creates the gateway endpoint in every NAT mode; without it these GB would be
  // NAT data processed.
  lines.push(
    line(
      "S3 gateway endpoint (image layers)",
      `${ASSUMPTIONS.imageLayerGbPerEnvironment} GB × ${formatPrice(PRICES.gatewayEndpointGb.usd)}`,
      ASSUMPTIONS.imageLayerGbPerEnvironment * PRICES.gatewayEndpointGb.usd,
      "gateway endpoints are free; ECR serves image layers from S3",
    ),
  );
  const alb = hasLoadBalancer(env);
  if (alb) {
    lines.push(
      line(
        "Load balancer",
        `${formatPrice(PRICES.albHour.usd)} × ${HOURS_PER_MONTH} h`,
        PRICES.albHour.usd * HOURS_PER_MONTH,
      ),
      line(
        "Load balancer capacity units",
        `${ASSUMPTIONS.albLcu} LCU × ${formatPrice(PRICES.albLcuHour.usd)} × ${HOURS_PER_MONTH} h`,
        ASSUMPTIONS.albLcu * PRICES.albLcuHour.usd * HOURS_PER_MONTH,
      ),
    );
  }
  const albAddresses = alb ? AVAILABILITY_ZONES : 0;
  const addresses = albAddresses + gateways;
  if (addresses > 0) {
    const parts = [
      ...(albAddresses ? [`load balancer ${albAddresses}`] : []),
      ...(gateways ? [`NAT ${gateways}`] : []),
    ];
    lines.push(
      line(
        "Public IPv4 addresses",
        `${addresses} (${parts.join(", ")}) × ${formatPrice(PRICES.publicIpv4Hour.usd)} × ${HOURS_PER_MONTH} h`,
        addresses * PRICES.publicIpv4Hour.usd * HOURS_PER_MONTH,
      ),
    );
  }
  return lines;
}

/** The other egress choices in this environment, and what the schedule saves. */
export function networkNotes(env: EnvironmentPlan): string[] {
  const current = roundUsd(egressCost(env, env.nat));
  const other = (nat: NatMode) => roundUsd(egressCost(env, nat));
  const endpoints = plural(env.endpoints.length, "endpoint");
  const notes: string[] = [];
  if (env.nat === "per-az")
    notes.push(
      `one shared NAT gateway (nat: "single") would cost ${formatUsd(other("single"))} instead of ${formatUsd(current)} (gateways, addresses and data), with no egress while its AZ is down`,
    );
  if (env.nat === "single")
    notes.push(
      `VPC endpoints instead of the NAT gateway (nat: "none", ${endpoints} in ${AVAILABILITY_ZONES} AZs) would cost ${formatUsd(other("none"))} instead of ${formatUsd(current)}`,
    );
  if (env.nat === "none")
    notes.push(
      `one NAT gateway instead of the ${endpoints} (nat: "single") would cost ${formatUsd(other("single"))} instead of ${formatUsd(current)}`,
    );
  if (env.nat === "single" || env.nat === "none")
    notes.push(
      `tasks in the public subnets with an address each (nat: "public") would cost ${formatUsd(other("public"))} instead of ${formatUsd(current)}; their security group still admits only the load balancer`,
    );
  if (env.nat === "public")
    notes.push(
      `one NAT gateway with the tasks in the private subnets (nat: "single") would cost ${formatUsd(other("single"))} instead of ${formatUsd(current)}`,
    );
  if (env.schedule)
    notes.push(
      `the services run ${plural(env.schedule.hoursPerWeek, "hour")} a week (${env.schedule.description}), ${Math.round((serviceHours(env) / HOURS_PER_MONTH) * 100)}% of the month; the rest of the environment runs around the clock`,
    );
  return notes;
}
