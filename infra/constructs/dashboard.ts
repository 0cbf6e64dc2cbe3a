import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';

export interface OpsDashboardProps {
  readonly alarms: readonly cloudwatch.IAlarm[];
}

/** An alarm status widget holds at most 100 alarms. */
const ALARMS_PER_WIDGET = 100;

/** A minimal dashboard: the state of every alarm at a glance (the full dashboard is a later issue). */
export class OpsDashboard extends Construct {
  constructor(scope: Construct, id: string, props: OpsDashboardProps) {
    super(scope, id);
    const widgets: cloudwatch.IWidget[] = [];
    for (let start = 0; start < props.alarms.length; start += ALARMS_PER_WIDGET) {
      widgets.push(
        new cloudwatch.AlarmStatusWidget({
          title: 'PartnerFlow alarms',
          alarms: props.alarms.slice(start, start + ALARMS_PER_WIDGET),
          width: 24,
        }),
      );
    }
    new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: 'PartnerFlow', widgets: [widgets] });
  }
}
