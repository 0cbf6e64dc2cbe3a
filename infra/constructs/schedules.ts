import { Duration, TimeZone } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ScheduleSpec } from '#catalog/types.ts';
import type { PartnerWorkflows } from './workflows.ts';

export interface PartnerSchedulesProps {
  readonly schedules: readonly ScheduleSpec[];
  readonly workflows: PartnerWorkflows;
  /** Where a start that still fails after the retries is kept. */
  readonly deadLetterQueue: sqs.IQueue;
}

/** One EventBridge Scheduler schedule per ScheduleSpec, starting its workflow in the schedule's time zone. */
export class PartnerSchedules extends Construct {
  constructor(scope: Construct, id: string, props: PartnerSchedulesProps) {
    super(scope, id);
    for (const spec of props.schedules) {
      new scheduler.Schedule(this, spec.id, {
        description: spec.description,
        schedule: scheduler.ScheduleExpression.expression(`cron(${spec.cron})`, TimeZone.of(spec.timezone)),
        target: new StepFunctionsStartExecution(props.workflows.get(spec.target.workflow).stateMachine, {
          input: scheduler.ScheduleTargetInput.fromObject(spec.target.input),
          deadLetterQueue: props.deadLetterQueue,
          retryAttempts: 3,
          maxEventAge: Duration.hours(2),
        }),
      });
    }
  }
}
