import { createRoot } from 'react-dom/client';
createRoot(document.getElementById('root')!).render(<div>防线 市民服务</div>);
