/** The seven apps of the fleet, in start order, with the schema each owns. */
export interface FleetApp {
  name: string;
  schema: string;
  defaultPort: number;
}

export const FLEET_APPS: readonly FleetApp[] = [
  { name: 'registry', schema: 'registry', defaultPort: 3102 },
  { name: 'orchestrator', schema: 'orchestrator', defaultPort: 3101 },
  { name: 'validation-agent', schema: 'validation', defaultPort: 3103 },
  { name: 'decision-agent', schema: 'decision', defaultPort: 3104 },
  { name: 'data-agent', schema: 'data', defaultPort: 3105 },
  { name: 'coordinator-agent', schema: 'coordinator', defaultPort: 3106 },
  { name: 'gateway', schema: 'gateway', defaultPort: 3000 },
];
