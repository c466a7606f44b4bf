import { pageDto } from '../../http/page.dto';
import { TransformationDto } from './transformation.dto';

export const TransformationPageDto = pageDto(TransformationDto, 'TransformationPageDto');
