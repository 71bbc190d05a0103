// Placeholder until the dashboard lands; removed with the first real file.
import Charts
import MailProbeService
import Mustache
enum DashboardPlaceholder {}
