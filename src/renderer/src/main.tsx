/** Renderer entry: connect the store to main, then render. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { startBridge } from './store/bridge.ts';
import './styles/app.css';
import './styles/detail.css';
import './styles/screens.css';
import './styles/states.css';
import './styles/layout.css';

startBridge();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
