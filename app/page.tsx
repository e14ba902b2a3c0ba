export default function Home() {
  return <main style={{ padding: 24 }}>Kosha</main>;
}
