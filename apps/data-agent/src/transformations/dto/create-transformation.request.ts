export type { TransformationCreateRequest, TransformationView } from '@ensemble/contracts';
