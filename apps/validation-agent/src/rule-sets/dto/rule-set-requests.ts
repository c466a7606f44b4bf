import { IsBoolean, IsInt, IsObject, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import {
  MAX_INT4,
  PageRequest,
  type ResourceListRequest,
  type VersionedResourceCreateRequest,
} from '@ensemble/contracts';

/** Rule set names appear in URLs and step params: a letter or digit, then letters, digits, . _ - */
export const RULE_SET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const NAME_MESSAGE =
  'name must be 1-128 characters: letters, digits, ".", "_" or "-", not starting with a symbol';

export class CreateRuleSetRequest implements VersionedResourceCreateRequest<unknown> {
  @IsString()
  @Matches(RULE_SET_NAME, { message: NAME_MESSAGE })
  name!: string;

  /** `{ rules: [...] }`, checked fully by the rule parser. */
  @IsObject()
  body!: unknown;

  @IsOptional()
  @IsBoolean()
  activate?: boolean;
}

export class ListRuleSetsRequest extends PageRequest implements ResourceListRequest {
  @IsOptional()
  @IsString()
  @Matches(RULE_SET_NAME, { message: NAME_MESSAGE })
  name?: string;
}

export class GetRuleSetRequest {
  @IsString()
  @Matches(RULE_SET_NAME, { message: NAME_MESSAGE })
  name!: string;

  /** The latest version when absent. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_INT4)
  version?: number;
}

export class RuleSetVersionRequest {
  @IsString()
  @Matches(RULE_SET_NAME, { message: NAME_MESSAGE })
  name!: string;

  @IsInt()
  @Min(1)
  @Max(MAX_INT4)
  version!: number;
}
