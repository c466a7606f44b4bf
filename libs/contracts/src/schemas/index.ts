export * from './body-validator';
export * from './from-schema';
export * from './rule-set.schema';
export * from './decision-table.schema';
export * from './dataset.schema';
export * from './versioned-resource.schema';
