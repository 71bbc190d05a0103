// Placeholder until the chart module lands; removed with the first real file.
enum ChartsPlaceholder {}
