module "iam" {
  source      = "./modules/iam"
  allowed_ips = ["198.51.100.7", "192.0.2.10-192.0.2.15"]
}
