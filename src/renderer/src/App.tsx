/** Placeholder page until the desktop-app issue lands the watchlist. */
export function App(): React.JSX.Element {
  return (
    <main>
      <h1>Paymon</h1>
      <p>Payment monitor for Card2Crypto and PayCrypt.</p>
    </main>
  );
}
