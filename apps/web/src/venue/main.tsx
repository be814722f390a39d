import { createRoot } from 'react-dom/client';
createRoot(document.getElementById('root')!).render(<div>防线 场所端</div>);
