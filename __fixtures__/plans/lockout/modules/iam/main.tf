variable "allowed_ips" {
  type = list(string)
}

# The account's IP allowlist: every token request is checked against it.
resource "ibm_iam_account_settings" "this" {
  allowed_ip_addresses       = join(", ", var.allowed_ips)
  restrict_create_service_id = "RESTRICTED"
}
