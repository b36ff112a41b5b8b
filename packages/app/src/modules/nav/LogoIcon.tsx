import { TrinityMark } from './TrinityMark';

export const LogoIcon = () => <TrinityMark size={28} />;
