// Placeholder until the dashboard tests land.
import Dashboard
