// Placeholder until the chart tests land.
import Charts
