-- HES 3.8.4's tables for the embedded SQLite workspace.
-- Same table and column names, keys, unique indexes and cascades as HES's MySQL schema;
-- MySQL types map to SQLite's: varchar/longtext -> TEXT, int/tinyint(1) -> INTEGER,
-- datetime(6) -> TEXT ('YYYY-MM-DD HH:MM:SS.ffffff', naive UTC), longblob -> BLOB.

CREATE TABLE `__EFMigrationsHistory` (
  `MigrationId`    TEXT NOT NULL CONSTRAINT `PK___EFMigrationsHistory` PRIMARY KEY,
  `ProductVersion` TEXT NOT NULL
);

CREATE TABLE `AppSettings` (
  `Id`    TEXT NOT NULL CONSTRAINT `PK_AppSettings` PRIMARY KEY,
  `Value` TEXT NOT NULL
);

CREATE TABLE `DataProtection` (
  `Id`        INTEGER NOT NULL CONSTRAINT `PK_DataProtection` PRIMARY KEY AUTOINCREMENT,
  `Value`     TEXT NULL,
  `CreatedAt` TEXT NOT NULL DEFAULT '0001-01-01 00:00:00'
);

-- Issuer is unique case-insensitively, as under MySQL's utf8mb4_0900_ai_ci.
CREATE TABLE `SamlRelyingParties` (
  `Id`                                   TEXT NOT NULL CONSTRAINT `PK_SamlRelyingParties` PRIMARY KEY,
  `Issuer`                               TEXT NOT NULL COLLATE NOCASE,
  `SingleSignOnDestination`              TEXT NOT NULL DEFAULT '',
  `SingleLogoutResponseDestination`      TEXT NULL,
  `SignatureValidationCertificateBase64` TEXT NULL,
  `NameIdentifierFormat`                 TEXT NOT NULL,
  `NameIdentifierField`                  INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX `IX_SamlRelyingParties_Issuer` ON `SamlRelyingParties` (`Issuer`);

CREATE TABLE `LicenseOrders` (
  `Id`                      TEXT NOT NULL CONSTRAINT `PK_LicenseOrders` PRIMARY KEY,
  `ContactEmail`            TEXT NOT NULL,
  `Note`                    TEXT NULL,
  `StartDate`               TEXT NULL,
  `EndDate`                 TEXT NOT NULL,
  `ProlongExistingLicenses` INTEGER NOT NULL,
  `CreatedAt`               TEXT NOT NULL,
  `OrderStatus`             INTEGER NOT NULL
);

CREATE TABLE `HardwareVaultProfiles` (
  `Id`                     TEXT NOT NULL CONSTRAINT `PK_HardwareVaultProfiles` PRIMARY KEY,
  `Name`                   TEXT NOT NULL,
  `CreatedAt`              TEXT NOT NULL,
  `UpdatedAt`              TEXT NULL,
  `ButtonPairing`          INTEGER NOT NULL,
  `ButtonConnection`       INTEGER NOT NULL,
  `ButtonStorageAccess`    INTEGER NOT NULL,
  `PinPairing`             INTEGER NOT NULL,
  `PinConnection`          INTEGER NOT NULL,
  `PinStorageAccess`       INTEGER NOT NULL,
  `MasterKeyPairing`       INTEGER NOT NULL,
  `MasterKeyConnection`    INTEGER NOT NULL,
  `MasterKeyStorageAccess` INTEGER NOT NULL,
  `PinExpiration`          INTEGER NOT NULL,
  `PinLength`              INTEGER NOT NULL,
  `PinTryCount`            INTEGER NOT NULL
);

CREATE TABLE `HardwareVaults` (
  `Id`                     TEXT NOT NULL CONSTRAINT `PK_HardwareVaults` PRIMARY KEY,
  `MAC`                    TEXT NOT NULL,
  `Model`                  TEXT NOT NULL,
  `RFID`                   TEXT NOT NULL,
  `Firmware`               TEXT NOT NULL,
  `Battery`                INTEGER NOT NULL,
  `LastSynced`             TEXT NULL,
  `NeedSync`               INTEGER NOT NULL,
  `EmployeeId`             TEXT NULL,
  `MasterPassword`         TEXT NULL,
  `HardwareVaultProfileId` TEXT NOT NULL,
  `ImportedAt`             TEXT NOT NULL,
  `HasNewLicense`          INTEGER NOT NULL,
  `LicenseStatus`          INTEGER NOT NULL,
  `LicenseEndDate`         TEXT NULL,
  `Status`                 INTEGER NOT NULL,
  `StatusReason`           INTEGER NOT NULL,
  `StatusDescription`      TEXT NULL,
  `IsStatusApplied`        INTEGER NOT NULL,
  `Timestamp`              INTEGER NOT NULL CHECK (`Timestamp` >= 0),
  CONSTRAINT `FK_HardwareVaults_HardwareVaultProfiles_HardwareVaultProfileId`
    FOREIGN KEY (`HardwareVaultProfileId`) REFERENCES `HardwareVaultProfiles` (`Id`) ON DELETE CASCADE
);
CREATE UNIQUE INDEX `IX_HardwareVaults_MAC` ON `HardwareVaults` (`MAC`);
CREATE UNIQUE INDEX `IX_HardwareVaults_RFID` ON `HardwareVaults` (`RFID`);
CREATE INDEX `IX_HardwareVaults_HardwareVaultProfileId` ON `HardwareVaults` (`HardwareVaultProfileId`);

CREATE TABLE `HardwareVaultLicenses` (
  `Id`              TEXT NOT NULL CONSTRAINT `PK_HardwareVaultLicenses` PRIMARY KEY,
  `HardwareVaultId` TEXT NOT NULL,
  `LicenseOrderId`  TEXT NOT NULL,
  `ImportedAt`      TEXT NULL,
  `AppliedAt`       TEXT NULL,
  `EndDate`         TEXT NULL,
  `Data`            BLOB NULL,
  CONSTRAINT `FK_HardwareVaultLicenses_HardwareVaults_HardwareVaultId`
    FOREIGN KEY (`HardwareVaultId`) REFERENCES `HardwareVaults` (`Id`) ON DELETE CASCADE,
  CONSTRAINT `FK_HardwareVaultLicenses_LicenseOrders_LicenseOrderId`
    FOREIGN KEY (`LicenseOrderId`) REFERENCES `LicenseOrders` (`Id`) ON DELETE CASCADE
);
CREATE INDEX `IX_HardwareVaultLicenses_HardwareVaultId` ON `HardwareVaultLicenses` (`HardwareVaultId`);
CREATE INDEX `IX_HardwareVaultLicenses_LicenseOrderId` ON `HardwareVaultLicenses` (`LicenseOrderId`);

-- HES seeds the `default` vault profile at start-up. Flag values: HES's
-- seed defaults as far as they are known (docs/HES-STORAGE.md); the console never reads them.
INSERT INTO `HardwareVaultProfiles` VALUES
  ('default', 'Default', strftime('%Y-%m-%d %H:%M:%f000', 'now'), NULL, 1, 0, 0, 1, 1, 1, 1, 1, 1, 86400, 4, 10);
