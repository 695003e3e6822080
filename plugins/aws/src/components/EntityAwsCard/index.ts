export { EntityAwsCard } from './EntityAwsCard';
