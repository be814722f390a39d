import { createRoot } from 'react-dom/client';
createRoot(document.getElementById('root')!).render(<div>防线 政府端</div>);
