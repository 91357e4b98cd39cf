// One ECS task definition per service and environment: the JSON the deploy workflow renders with
// the new image and registers, and the JSON Terraform reads for the first revision.
import { buildTaskDefinition } from "../src/plan/task-definition.js";
import { INFRA_DIR } from "../src/plan/environments.js";
import { documented, type Generator } from "../src/plan/types.js";

export const taskDefinitionsGenerator: Generator = {
  name: "task-definitions",
  description: "ECS task definition JSON per service and environment, for amazon-ecs-render-task-definition",
  plan({ config, environments }) {
    return documented(
      {
        row: `${INFRA_DIR}/task-definitions/`,
        why: "per environment and service, the task definition the Deploy workflow registers with each new image; Terraform creates the first revision from the same file",
      },
      environments.flatMap((env) =>
        env.services.map((deployed) => ({
          path: deployed.taskDefinitionPath,
          json: buildTaskDefinition(config, env, deployed),
        })),
      ),
    );
  },
};
